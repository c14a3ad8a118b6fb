# Pause reasons: the administrator's page (ui/pause_reasons.rs), the state forms, the
# live board and the pause reports.
nav-pause-reasons = Pause reasons
pause-reasons-list = Pause reasons
pause-reasons-hint = Agents pick one of these when they pause. A maximum marks on the live board the pauses that last longer.
pause-reasons-none = No pause reasons yet: agents say why they pause in their own words.
pause-reasons-max = Maximum (minutes)
pause-reasons-max-hint = From 1 to 480; leave empty for no limit.
pause-reasons-no-max = No limit
pause-reasons-actions = Actions
pause-reasons-save = Save
pause-reasons-delete = Delete reason
pause-reasons-new = New pause reason
pause-reasons-create = Create reason
pause-reasons-flash-created = The pause reason was created.
pause-reasons-at-most = at most %% min
live-pause-choose = Pause, with a reason
live-over-max = Over the maximum
report-pauses = Pauses
report-pauses-about = Pause time by reason per operator.
report-pauses-by-group = Pauses by group
report-pauses-by-group-about = Pause time by reason per group.
report-col-pause_reason_id = Reason
report-col-pause_reason = Reason
report-col-pauses = Pauses
report-col-pause_seconds = Pause time (s)
report-col-over_max_count = Over the maximum
audit-action-pause_reason-created = Pause reason created
audit-action-pause_reason-updated = Pause reason changed
audit-action-pause_reason-deleted = Pause reason deleted
audit-kind-pause_reason = Pause reason
confirm-pause-reason-question = Delete the pause reason “{ $name }”?
confirm-pause-reason-agents = { $count ->
    [0] Nobody is paused with it now.
    [one] 1 agent is paused with it now and stays paused with it.
   *[other] { $count } agents are paused with it now and stay paused with it.
}
confirm-pause-reason-history = Agents can no longer pick it; the pauses taken with it keep its name in the reports.
