# Canlı izleme: temsilci ve kuyruk panoları ile temsilcinin kendi durumu.
# %% sayfanın yerleştirdiği şeyi gösterir (bir saat, bir sayı, bir durum).

nav-live = Canlı izleme
live-intro = Temsilciler ve kuyruklar şu anki halleriyle; panolar kendiliğinden güncellenir.
live-agents-title = Temsilciler
live-agents-none = Gösterilecek temsilci yok: temsilciler bir durum seçtiklerinde burada görünür.
live-queues-title = Kuyruklar
live-queues-none = Gösterilecek kuyruk yok.
live-col-agent = Temsilci
live-col-state = Durum
live-col-reason = Mola nedeni
live-col-time = Durumdaki süre
live-col-groups = Gruplar
live-col-queue = Kuyruk
live-col-waiting = Bekleyen
live-col-longest = En uzun bekleme
live-col-answered = Bugün yanıtlanan
live-col-abandoned = Bugün terk edilen
live-col-service-level = Hizmet düzeyi
live-since = %% itibarıyla
live-sl-within = %% sn içinde yanıtlanan
live-sl-none = henüz çağrı yok
live-connection-lost = Bağlantı koptu; yeniden bağlanılıyor…
live-connection-failed = Bağlantı koptu. Panoları yeniden görmek için sayfayı yenileyin.
live-access-ended = Canlı panolara erişiminiz sona erdi; artık güncellenmiyorlar.

live-state-available = Müsait
live-state-on-call = Görüşmede
live-state-after-call-work = Görüşme sonrası iş
live-state-paused = Molada
live-state-offline = Çevrim dışı

live-my-state = Durumum
live-my-state-choose = Durumumu değiştir
live-my-state-set = Durumunuz artık: %%.
live-my-state-current = Durumunuz: %%, başlangıç
live-pause-reason = Mola nedeni
live-pause-reason-hint = İsteğe bağlı: ara, eğitim, toplantı…
live-pause = Mola ver
