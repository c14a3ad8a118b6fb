# Monitorización en vivo: los paneles de agentes y colas, y el estado propio del agente.
# %% indica lo que la página inserta (una hora, un número, un estado).

nav-live = Monitorización en vivo
live-intro = Agentes y colas tal como están ahora; los paneles se actualizan solos.
live-agents-title = Agentes
live-agents-none = No hay agentes que mostrar: aparecen aquí en cuanto fijan un estado.
live-queues-title = Colas
live-queues-none = No hay colas que mostrar.
live-col-agent = Agente
live-col-state = Estado
live-col-reason = Motivo de la pausa
live-col-time = Tiempo en el estado
live-col-groups = Grupos
live-col-queue = Cola
live-col-waiting = En espera
live-col-longest = Espera más larga
live-col-answered = Atendidas hoy
live-col-abandoned = Abandonadas hoy
live-col-service-level = Nivel de servicio
live-since = desde las %%
live-sl-within = atendidas en %% s
live-sl-none = aún sin llamadas
live-connection-lost = Se perdió la conexión; reconectando…
live-connection-failed = Se perdió la conexión. Recargue la página para volver a ver los paneles.
live-access-ended = Su acceso a los paneles en vivo terminó; ya no se actualizan.

live-state-available = Disponible
live-state-on-call = En llamada
live-state-after-call-work = Trabajo posterior a la llamada
live-state-paused = En pausa
live-state-offline = Desconectado

live-my-state = Mi estado
live-my-state-choose = Cambiar mi estado
live-my-state-set = Su estado ahora es: %%.
live-my-state-current = Su estado: %% desde
live-pause-reason = Motivo de la pausa
live-pause-reason-hint = Opcional: un descanso, formación, una reunión…
live-pause = Pausa
