# Motivos de pausa: la página del administrador (ui/pause_reasons.rs), los formularios
# de estado, el panel en vivo y los informes de pausas.
nav-pause-reasons = Motivos de pausa
pause-reasons-list = Motivos de pausa
pause-reasons-hint = Los agentes eligen uno de estos al hacer una pausa. Un máximo marca en el panel en vivo las pausas que duran más.
pause-reasons-none = Aún no hay motivos de pausa: los agentes explican su pausa con sus propias palabras.
pause-reasons-max = Máximo (minutos)
pause-reasons-max-hint = De 1 a 480; déjelo vacío para no poner límite.
pause-reasons-no-max = Sin límite
pause-reasons-actions = Acciones
pause-reasons-save = Guardar
pause-reasons-delete = Eliminar motivo
pause-reasons-new = Nuevo motivo de pausa
pause-reasons-create = Crear motivo
pause-reasons-flash-created = Se creó el motivo de pausa.
pause-reasons-at-most = máx. %% min
live-pause-choose = Pausa, con un motivo
live-over-max = Supera el máximo
report-pauses = Pausas
report-pauses-about = Tiempo de pausa por motivo y operador.
report-pauses-by-group = Pausas por grupo
report-pauses-by-group-about = Tiempo de pausa por motivo y grupo.
report-col-pause_reason_id = Motivo
report-col-pause_reason = Motivo
report-col-pauses = Pausas
report-col-pause_seconds = Tiempo en pausa (s)
report-col-over_max_count = Por encima del máximo
audit-action-pause_reason-created = Motivo de pausa creado
audit-action-pause_reason-updated = Motivo de pausa modificado
audit-action-pause_reason-deleted = Motivo de pausa eliminado
audit-kind-pause_reason = Motivo de pausa
confirm-pause-reason-question = ¿Eliminar el motivo de pausa «{ $name }»?
confirm-pause-reason-agents = { $count ->
    [0] Nadie está en pausa con él ahora.
    [one] 1 agente está en pausa con él ahora y sigue así.
   *[other] { $count } agentes están en pausa con él ahora y siguen así.
}
confirm-pause-reason-history = Los agentes ya no podrán elegirlo; las pausas hechas con él conservan su nombre en los informes.
