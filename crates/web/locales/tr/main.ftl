# Switchboard — Türkçe iletiler.

## Yerleşim ve menü
skip-to-content = İçeriğe geç
menu-label = Ana menü
nav-dashboard = Gösterge paneli
nav-home = Ana sayfa
nav-profile = Profilim
api-docs = API belgeleri
sign-out = Oturumu kapat
sign-in = Oturum aç
back-home = Başlangıç sayfasına dön

## Oturum açma ve kayıt
login-title = Switchboard'da oturum açın
login-failed = E-posta veya parola yanlış ya da hesap engellenmiş.
login-throttled = Çok fazla başarısız deneme. Birkaç dakika bekleyip yeniden deneyin.
signed-out = Oturumunuz kapatıldı.
no-account = Switchboard'da yeni misiniz?
have-account = Zaten hesabınız var mı?
create-company = Şirket oluştur
signup-title = İletişim merkezinizi oluşturun
signup-intro = İlk yöneticisi siz olursunuz; ekibinizi daha sonra davet edebilirsiniz.
accept-invite-title = Hoş geldiniz! Parolanızı belirleyin
reset-title = Yeni bir parola belirleyin
save-password = Parolayı kaydet
password-hint = En az 8 karakter; yaygın parolalar kabul edilmez.
password-change-hint = Parolayı değiştirdiğinizde diğer oturumlarınız kapanır.

## Alanlar
field-company = Şirket adı
field-name = Adınız
field-email = E-posta
field-password = Parola
field-new-password = Yeni parola
field-current-password = Mevcut parola
field-language = Dil
field-timezone = Saat dilimi
field-avatar = Avatar görselinin adresi
field-role = Rol

## Alan sorunları
problem-required = Bu alan zorunludur.
problem-invalid = Bu değer geçerli değil.
problem-too-short = Çok kısa: en az 8 karakter kullanın.
problem-too-long = Çok uzun.
problem-too-common = Bu parola çok yaygın; başka bir parola seçin.
problem-unsupported = Desteklenmiyor.
problem-unknown = Bilinmeyen değer.
problem-incorrect = Doğru değil.
problem-invalid-or-expired = Bu bağlantı geçersiz, kullanılmış ya da süresi dolmuş. Yenisini isteyin.
problem-email-taken = Bu e-posta ile bir hesap zaten var.
problem-stale = Bu arada başka biri bu bilgileri değiştirdi. Sayfa güncel değerleri gösteriyor; değişikliğinizi yeniden uygulayın.

## Ana sayfa ve gösterge paneli
welcome = Hoş geldiniz
now-in-your-zone = Yerel saatiniz:
dashboard-coming-title = Gösterge paneliniz yolda
dashboard-coming-intro = Bu sayfa merkezi tek bakışta gösterecek:
dashboard-coming-live = kendiliğinden güncellenen canlı temsilci ve kuyruk durumları;
dashboard-coming-cases = duruma ve operatöre göre açık, gecikmiş ve kapalı vakalar;
dashboard-coming-calls = günün çağrıları ve sohbetleri, hizmet düzeyiyle;
dashboard-coming-reports = görebildiğiniz raporlardan grafikler.

## Profil
profile-personal = Kişisel profil
profile-password = Parola
profile-account = Hesap
profile-saved = Profiliniz kaydedildi.
password-changed = Parolanız değiştirildi. Diğer oturumlarınız kapatıldı.
email-locked = Operatörler kendi e-postalarını değiştiremez; bir yöneticiye başvurun.
member-since = Üyelik tarihi
account-details-hint = Rolünüzü, gruplarınızı ve becerilerinizi yöneticiniz yönetir.
save = Kaydet
language-en = English
language-es = Español
language-tr = Türkçe

## Şablon roller
role-admin = Yönetici
role-manager = Müdür
role-supervisor = Süpervizör
role-agent = Temsilci
role-owner = Sahip
