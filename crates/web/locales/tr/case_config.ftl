# Vaka yapılandırma sayfası: durumlar, nedenler, özel alanlar ve iletişim denemesi sonuçları.

cc-title = Vaka ayarları
cc-intro = Şirketinizin vakalarının nasıl işlendiği: bir vakanın geçtiği durumlar ve her birinin gerektirdikleri, operatörlerin doldurduğu nedenler ve ek alanlar, her iletişim denemesi için kaydettikleri sonuçlar.
cc-sections-label = Bu sayfanın bölümleri
cc-statuses-title = Durumlar
cc-reasons-title = Nedenler
cc-fields-title = Alanlar
cc-results-title = İletişim denemesi sonuçları

cc-col-kind = Tür
cc-col-open = İçindeki vakalar
cc-col-requires = Girmek için gerekenler
cc-col-required = Zorunlu
cc-col-state = Durum
cc-builtin = Yerleşik
cc-custom = Özel
cc-builtin-kept = Yerleşik: yalnızca yeniden adlandırılır
cc-delete = Sil
cc-remove = Kaldır
cc-edit-named = “%%” öğesini değiştir
cc-key = Anahtar
cc-key-hint = API ve CSV dosyaları kullanır: küçük harfler, rakamlar ve _. Addan oluşturulması için boş bırakın.
cc-field-key-hint = API ve CSV dosyaları kullanır: küçük harfler, rakamlar ve _. Etiketten oluşturulması için boş bırakın.
cc-choose = Seçin…
cc-yes = Evet
cc-no = Hayır
cc-nothing-to-choose = Henüz seçilecek bir şey yok.

cc-statuses-intro = Beş yerleşik durum yeniden adlandırılabilir ve alan gerektirebilir, ancak silinemez. Bir vaka, ancak o durumun gerektirdiği tüm alanlara sahipse o duruma girebilir.
cc-status-is-open = Üzerinde çalışılıyor
cc-status-is-closed = Tamamlandı
cc-status-open = Bu durumdaki vakalar üzerinde hâlâ çalışılıyor
cc-status-open-hint = Açık durumlar operatörlerin iş yüküne sayılır; işi bitiren bir durum için işaretlemeyin.
cc-status-requires = Bu duruma girmek için gereken alanlar
cc-status-requires-hint = “Her vakada zorunlu” olarak işaretlenen alanlar her durumda da gerekir.
cc-status-new = Durum ekle
cc-status-create = Durumu ekle

cc-attr-reason-id = Neden
cc-attr-amount = Tutar
cc-attr-due-date = Vade
cc-attr-area = Bölge
cc-attr-description = Açıklama

cc-reasons-intro = Bir vakanın neden o durumda olduğu veya bir iletişim denemesinin neden öyle sonuçlandığı; operatörler bu listeden birini seçer.
cc-reasons-used = Neden isteyen durumlar: %%.
cc-reasons-used-none = Henüz hiçbir durum neden istemiyor: istemek için bir durumun gerekli alanlarında “Neden” seçeneğini işaretleyin.
cc-reasons-none = Henüz neden yok.
cc-reason-new = Neden ekle
cc-reason-create = Nedeni ekle

cc-fields-intro = Vakalarınızın taşıdığı ek veriler. Alan oluşturulduktan sonra anahtarı ve türü değişmez. Kaldırılan bir alan formlardan çıkar, ancak vakalar eski değerlerini onun adıyla korur.
cc-fields-none = Henüz alan yok.
cc-field-label = Etiket
cc-field-type = Tür
cc-field-type-hint = Alan oluşturulduktan sonra değişmez.
cc-field-options = Seçenekler
cc-field-options-hint = Yalnızca seçim alanları: her satıra bir seçenek.
cc-field-required = Her vakada zorunlu
cc-field-required-hint = Vakalar bu alan olmadan kaydedilemez.
cc-field-statuses = Bu durumlara girmek için gerekli
cc-field-statuses-hint = Bu alanı her durumun gerekli alanlarında işaretlemekle aynıdır.
cc-field-removed = Kaldırıldı, eski değerler korunuyor
cc-field-new = Alan ekle
cc-field-create = Alanı ekle
cc-required-always = Her vakada
cc-required-for = Girmek için: %%
cc-required-never = Hayır
cc-type-text = Metin
cc-type-number = Sayı
cc-type-date = Tarih
cc-type-choice = Seçim

cc-results-intro = Operatörlerin her iletişim denemesinin sonucu olarak seçtikleri. Yerleşik sonuçlar yeniden adlandırılabilir veya kullanımdan kaldırılabilir (deneme formunda görünmez), ancak silinemez; özel bir sonuç, hiçbir deneme kullanmadığı sürece silinebilir.
cc-result-reached = Müşteriye ulaşıldı
cc-result-reached-hint = Raporlar iletişimleri buna göre sayar.
cc-result-needs-next = Geri arama zamanı gerekir
cc-result-needs-next-hint = Bu sonuçla bir deneme, ne zaman geri aranacağını belirtmelidir.
cc-result-active = Kullanımda
cc-result-retired = Kullanımdan kaldırıldı
cc-result-retire = Kullanımdan kaldır
cc-result-reactivate = Yeniden etkinleştir
cc-result-new = Sonuç ekle
cc-result-create = Sonucu ekle

cc-flash-created = Eklendi.
cc-flash-removed = Alan formlardan kaldırıldı; vakalar eski değerlerini korur.
cc-flash-retired = Kullanımdan kaldırıldı: operatörler artık deneme formunda görmez. Eski denemeler onu korur.
cc-flash-reactivated = Yeniden etkinleştirildi: operatörler onu tekrar seçebilir.
cc-flash-reason-retired = Kullanımdan kaldırıldı: durum ve deneme formları artık onu sunmuyor. Onu veren vakalar ve denemeler korur.

cc-problem-builtin-status = “%%” yerleşik bir durumdur: yeniden adlandırılabilir, ancak silinemez.
cc-problem-builtin-result = “%%” yerleşik bir sonuçtur: bunun yerine yeniden adlandırın veya kullanımdan kaldırın.
cc-problem-field-in-use = Bu alan şu durumlara girmek için gerekli: %%. Önce oradaki işareti kaldırın.
cc-problem-result-in-use = Bu sonuca sahip iletişim denemeleri var, bu yüzden silinemez: bunun yerine kullanımdan kaldırın.
cc-problem-reason-in-use = Bu nedeni veren vakalar veya iletişim denemeleri var, bu yüzden silinemez: bunun yerine kullanımdan kaldırın.
cc-problem-invalid-key = Bir harfle başlayan küçük harfler, rakamlar ve _ kullanın (en fazla 40).
cc-problem-key-taken = Bu anahtar zaten kullanılıyor: başka bir ad seçin veya başka bir anahtar yazın.
cc-problem-immutable = Oluşturulduktan sonra değiştirilemez.
cc-problem-fixed-for-builtin = Yerleşik durumların açık olup olmadığı değişmez.
cc-problem-options-required = Bir seçim alanının en az bir seçeneği olmalıdır.
cc-problem-only-for-choice = Yalnızca seçim alanlarının seçenekleri olur: boş bırakın veya “Seçim” türünü seçin.
cc-problem-type-required = Bir tür seçin.
cc-problem-unknown-field = İşaretlenen alanlardan biri artık yok; sayfayı yeniden yükleyin.
cc-problem-statuses-unknown = İşaretlenen durumlardan biri artık yok; sayfayı yeniden yükleyin.
