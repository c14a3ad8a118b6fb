# Mola nedenleri: yöneticinin sayfası (ui/pause_reasons.rs), durum formları, canlı pano
# ve mola raporları.
nav-pause-reasons = Mola nedenleri
pause-reasons-list = Mola nedenleri
pause-reasons-hint = Temsilciler mola verirken bunlardan birini seçer. Bir üst sınır, daha uzun süren molaları canlı panoda işaretler.
pause-reasons-none = Henüz mola nedeni yok: temsilciler molanın nedenini kendi sözleriyle yazar.
pause-reasons-max = Üst sınır (dakika)
pause-reasons-max-hint = 1 ile 480 arası; sınır olmaması için boş bırakın.
pause-reasons-no-max = Sınır yok
pause-reasons-actions = İşlemler
pause-reasons-save = Kaydet
pause-reasons-delete = Nedeni sil
pause-reasons-new = Yeni mola nedeni
pause-reasons-create = Neden oluştur
pause-reasons-flash-created = Mola nedeni oluşturuldu.
pause-reasons-at-most = en çok %% dk
live-pause-choose = Bir nedenle mola ver
live-over-max = Üst sınırı aştı
report-pauses = Molalar
report-pauses-about = Temsilci başına nedene göre mola süresi.
report-pauses-by-group = Gruba göre molalar
report-pauses-by-group-about = Grup başına nedene göre mola süresi.
report-col-pause_reason_id = Neden
report-col-pause_reason = Neden
report-col-pauses = Molalar
report-col-pause_seconds = Mola süresi (sn)
report-col-over_max_count = Üst sınırı aşan
audit-action-pause_reason-created = Mola nedeni oluşturuldu
audit-action-pause_reason-updated = Mola nedeni değiştirildi
audit-action-pause_reason-deleted = Mola nedeni silindi
audit-kind-pause_reason = Mola nedeni
confirm-pause-reason-question = “{ $name }” mola nedeni silinsin mi?
confirm-pause-reason-agents = { $count ->
    [0] Şu anda bu nedenle molada olan kimse yok.
    [one] 1 temsilci şu anda bu nedenle molada ve öyle kalır.
   *[other] { $count } temsilci şu anda bu nedenle molada ve öyle kalır.
}
confirm-pause-reason-history = Temsilciler artık bunu seçemez; bu nedenle verilen molalar raporlarda adını korur.
