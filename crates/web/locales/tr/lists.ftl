# Yüzlerce satır için listeler: kullanıcılarda toplu işlemler, proje seçicileri.
users-bulk-legend = İşaretli kullanıcılarla
users-bulk-tick = İşaretle
users-select-all = Bu sayfadakilerin hepsini seç
users-bulk-role = Rolü değiştir
users-bulk-add-groups = Gruplara ekle
users-bulk-remove-groups = Gruplardan çıkar
users-bulk-block = Engelle
users-bulk-unblock = Engeli kaldır
users-bulk-done = { $changed } değişti, { $unchanged } zaten öyleydi.
users-bulk-refused = { $count } değişmedi: { $names }
users-bulk-refused-not_found = bulunamadı
users-bulk-refused-own_account = kendi hesabınız
users-bulk-refused-not_allowed = izin yok
confirm-users-block-question = { $count ->
    [one] Bu kullanıcı
   *[other] Bu { $count } kullanıcı
} engellensin mi?
confirm-users-block-sessions = Artık oturum açamazlar; açık oturumları ve API anahtarları hemen sona erer. Engeli sonra kaldırmak için boş bir koltuk gerekir.
list-col-members = Üyeler
list-col-supervisors = Süpervizörler
list-col-users = Kullanıcılar
list-col-kind = Tür
list-col-created = Oluşturuldu
list-col-updated = Değişti
picker-search = Ad veya e-posta
picker-search-name = Ad
picker-group = Grup
picker-any-group = Her grup
picker-kind = Tür
picker-any-kind = Her tür
picker-find = Ara
picker-add-selected = Seçilenleri ekle
picker-remove-selected = Seçilenleri çıkar
picker-nothing = Aramaya uyan eklenecek bir şey yok.
picker-capped = Yalnızca ilk { $count } listelendi: başkalarını bulmak için aramayı daraltın.
picker-users-title = Kullanıcı ekle
picker-objects-title = Nesne ekle
picker-added = { $count ->
    [one] Bir tane eklendi.
   *[other] { $count } tane eklendi.
}
