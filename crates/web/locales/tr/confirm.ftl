# Geri alınamayan işlemlerin onay adımı (ui/confirm.rs).
confirm-title = Emin misiniz?
confirm-back = Geri
confirm-cancel = Vazgeç, kalsın
confirm-undo = Bu işlem geri alınamaz.
confirm-retire-button = Kullanımdan kaldır
roles-scope-as-template = Şablondaki gibi (tümü, yönetilen veya kendi)
role-unsaved = Kaydedilmemiş değişiklikler var.

confirm-role-question = “{ $name }” rolü silinsin mi?
confirm-role-users = { $count ->
    [0] Bu role sahip kullanıcı yok.
   *[other] { $count } kullanıcı bu role sahip.
}
confirm-role-tokens = { $count ->
   *[other] { $count } API anahtarı bu rolü taşıyor.
}
confirm-role-blocked = Kullanımdaki bir rol silinemez: önce kullanıcılarına başka bir rol verin ve API anahtarlarını iptal edin.

confirm-project-question = “{ $name }” projesi silinsin mi?
confirm-project-holds = Bu projede { $objects } nesne ve { $members } üye var.
confirm-project-members = Üyeleri, projenin verdiği erişimi kaybeder.
confirm-project-no-cases = Bu projeye ait vaka yok.
confirm-project-cases-enhanced = { $count } vaka hiçbir projede kalmıyor: bundan sonra onları yalnızca { $users ->
    [0] tüm projeleri görenler (şu an kimse)
   *[other] tüm projeleri gören { $users } kişi
} görecek.
confirm-project-cases-simple = { $count } vaka projeden çıkıyor; basit güvenlikte onları kimin göreceğine yalnızca roller karar verir.
confirm-project-blocked = Gelişmiş güvenlikte her nesne bir projede kalır ve bunlar başka hiçbir projede değil: { $names }. Önce onları başka bir projeye koyun.

confirm-object-question = “{ $name }” silinsin mi?
confirm-object-unused = Onu kullanan bir şey yok.
confirm-object-used = { $names } tarafından kullanılıyor: önce onları değiştirin; kullanımdaki bir nesne silinemez.
confirm-object-cases = { $count } vaka onun üzerinden geldi: projelerini korur ama bu kaynağı kaybeder.
confirm-object-projects = { $count } projeden çıkar.

confirm-group-question = “{ $name }” grubu silinsin mi?
confirm-group-members = { $count ->
    [0] Grubun üyesi yok.
   *[other] { $count } üyesi gruptan çıkar.
}
confirm-group-supervisors = { $count ->
    [0] Grubu denetleyen yok.
   *[other] { $count } süpervizörü artık temsilcilerini yönetmez.
}
confirm-group-projects = { $count } projenin üyesi: üyeleri, grubun verdiği erişimi kaybeder.

confirm-skill-question = “{ $name }” yeteneği silinsin mi?
confirm-skill-users = { $count ->
    [0] Bu yeteneğe sahip kullanıcı yok.
   *[other] { $count } kullanıcı bu yeteneğe sahip ve onu kaybeder.
}
confirm-skill-queues = { $count ->
    [0] Bu yeteneğe göre yönlendiren kuyruk yok.
   *[other] { $count } kuyruk bu yeteneğe göre yönlendiriyor: { $names }.
}
confirm-skill-blocked = Kuyrukların yönlendirmede kullandığı bir yetenek silinemez: önce o kuyruklardan kaldırın.

confirm-status-question = “{ $name }” durumu silinsin mi?
confirm-status-cases = { $count ->
    [0] Bu durumda vaka yok.
   *[other] Görebildiğiniz { $count } vaka bu durumda.
}
confirm-status-builtin = Yerleşik durumlar silinemez: yeniden adlandırın.
confirm-status-button = Durumu sil
confirm-status-move = Vakaları seçtiğiniz duruma taşınır; her biri geçmişine bir kayıt alır.
confirm-status-move-to = Vakaları şu duruma taşı
confirm-status-no-target = Bu durumda vakalar var ve aynı şekilde açık ya da kapalı başka bir durum yok: önce onları taşıyacağınız bir durum oluşturun.

confirm-reason-question = “{ $name }” nedeni silinsin mi?
confirm-reason-retire-question = “{ $name }” nedeni kullanımdan kaldırılsın mı?
confirm-reason-cases = { $count ->
    [0] Bu nedeni kullanan vaka yok.
   *[other] { $count } vaka bu nedeni kullanıyor.
}
confirm-reason-attempts = { $count ->
    [0] Bu nedeni veren iletişim denemesi yok.
   *[other] { $count } iletişim denemesi bu nedeni verdi.
}
confirm-reason-in-use = Kullanımdaki bir neden silinemez, yoksa o vakalar onu kaybeder: kullanımdan kaldırın. Verildiği yerde kalır ve artık sunulmaz.
confirm-reason-retire = Onu taşıyan vaka ve denemelerde kalır, yenileri için artık sunulmaz; daha sonra yeniden etkinleştirebilirsiniz.
confirm-reason-button = Nedeni sil

confirm-field-question = “{ $label }” alanı vaka formlarından kaldırılsın mı?
confirm-field-cases = { $count ->
    [0] Bu alanda değeri olan vaka yok.
   *[other] { $count } vakanın bu alanda değeri var: değerler etiketleriyle birlikte kalır.
}
confirm-field-required = { $names } durumlarına geçmek için zorunlu: önce orada işaretini kaldırın.
confirm-field-button = Alanı kaldır

confirm-result-question = “{ $name }” sonucu silinsin mi?
confirm-result-retire-question = “{ $name }” sonucu kullanımdan kaldırılsın mı?
confirm-result-attempts = { $count ->
    [0] Bu sonuçla biten iletişim denemesi yok.
   *[other] { $count } iletişim denemesi bu sonuçla bitti.
}
confirm-result-in-use = Kullanımdaki bir sonuç silinemez, yoksa o denemeler anlamını yitirir: kullanımdan kaldırın.
confirm-result-builtin = Yerleşik sonuçlar silinemez: yeniden adlandırın veya kullanımdan kaldırın.
confirm-result-retire = Onu taşıyan denemelerde kalır ve artık sunulmaz; daha sonra yeniden etkinleştirebilirsiniz.
confirm-result-button = Sonucu sil

confirm-token-question = “{ $name }” API anahtarı iptal edilsin mi?
confirm-token-stops = Anahtar şimdi çalışmayı bırakır: onu taşıyan her istek bir sonrakinden itibaren reddedilir.
confirm-token-role = { $role } rolüyle çalışır.
confirm-token-last-used = Son kullanım: { $at }.
confirm-token-never-used = Hiç kullanılmadı.
confirm-token-button = Anahtarı iptal et
