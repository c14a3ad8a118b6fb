# Live monitoring: the agent and queue boards, and an agent's own state.
# %% stands for what the page puts in (a time, a number, a state).

nav-live = Live monitoring
live-intro = Agents and queues as they are now; the boards update by themselves.
live-agents-title = Agents
live-agents-none = No agents to show: agents appear here once they set a state.
live-queues-title = Queues
live-queues-none = No queues to show.
live-col-agent = Agent
live-col-state = State
live-col-reason = Pause reason
live-col-time = Time in state
live-col-groups = Groups
live-col-queue = Queue
live-col-waiting = Waiting
live-col-longest = Longest wait
live-col-answered = Answered today
live-col-abandoned = Abandoned today
live-col-service-level = Service level
live-since = since %%
live-sl-within = answered within %% s
live-sl-none = no calls yet
live-connection-lost = The connection was lost; reconnecting…
live-connection-failed = The connection was lost. Reload the page to see the boards again.
live-access-ended = Your access to the live boards ended; they no longer update.

live-state-available = Available
live-state-on-call = On a call
live-state-after-call-work = After-call work
live-state-paused = Paused
live-state-offline = Offline

live-my-state = My state
live-my-state-choose = Set my state
live-my-state-set = Your state is now: %%.
live-my-state-current = Your state: %% since
live-pause-reason = Reason for the pause
live-pause-reason-hint = Optional: a break, training, a meeting…
live-pause = Pause
