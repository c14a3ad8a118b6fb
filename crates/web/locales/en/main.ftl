# Switchboard — English messages. Every id here must exist in es/ and tr/ too
# (a unit test checks it).

## Layout and menu
skip-to-content = Skip to content
menu-label = Main menu
nav-dashboard = Dashboard
nav-home = Home
nav-profile = My profile
nav-users = Users
nav-groups = Groups
nav-roles = Roles
nav-api-tokens = API tokens
api-docs = API documentation
sign-out = Sign out
sign-in = Sign in
back-home = Back to the start page

## Sign-in and sign-up
login-title = Sign in to Switchboard
login-failed = The email or password is not right, or the account is blocked.
login-throttled = Too many failed attempts. Wait a few minutes and try again.
signed-out = You are signed out.
no-account = New to Switchboard?
have-account = Already have an account?
create-company = Create a company
signup-title = Create your contact center
signup-intro = You become its first administrator and can invite your team afterwards.
accept-invite-title = Welcome! Choose your password
reset-title = Choose a new password
save-password = Save password
password-hint = At least 8 characters; common passwords are refused.
password-change-hint = Your other sessions end when you change it.

## Fields
field-company = Company name
field-name = Your name
field-email = Email
field-password = Password
field-new-password = New password
field-current-password = Current password
field-language = Language
field-timezone = Time zone
field-avatar = Avatar image address
field-role = Role
label-name = Name
field-description = Description
field-based-on = Based on
field-scope = Data scope
field-status = Status
field-group = Group
field-groups = Groups
field-supervisors = Supervisors
field-members = Members
field-max-chats = Most chats at once
field-extension = Extension

## Problems with a field
problem-required = This field is required.
problem-invalid = This value is not valid.
problem-too-short = Too short: use at least 8 characters.
problem-too-long = Too long.
problem-too-common = This password is too common; choose another.
problem-unsupported = Not supported.
problem-unknown = Unknown value.
problem-incorrect = Not correct.
problem-invalid-or-expired = This link is invalid, already used or expired. Ask for a new one.
problem-email-taken = An account with this email already exists.
problem-stale = Someone changed this meanwhile. The page shows the current values; apply your change again.
problem-not-found = Not found: choose one from the list.
problem-out-of-range = Out of the allowed range.
problem-digits-only = Use digits only (at most 16).
problem-must-be-object = This value is not valid.
problem-level-out-of-range = Levels go from 1 to 10.
problem-not-in-section = This permission does not belong to this section.
problem-check-fields = Some fields need your attention; see the messages below.
problem-forbidden = Your role does not allow this.
problem-not-held = You cannot hand out permissions you do not hold yourself:
problem-template-role = Template roles cannot be changed or deleted. Create a custom role based on it instead.
problem-role-in-use = This role is still held by users or API tokens. Move them to another role (or revoke the tokens) first.
problem-invitation-accepted = This user has already accepted the invitation.
problem-in-use = This is still in use elsewhere, so it cannot be removed.
problem-conflict = This conflicts with existing data.
problem-tick-users = Tick at least one user.

## Home and dashboard
welcome = Welcome
now-in-your-zone = Your local time:
dashboard-coming-title = Your dashboard is on its way
dashboard-coming-intro = This page will show the center at a glance:
dashboard-coming-live = agents and queues, live, updating by themselves;
dashboard-coming-cases = open, overdue and closed cases by status and operator;
dashboard-coming-calls = calls and chats of the day with service level;
dashboard-coming-reports = charts from the reports you may see.

## Profile
profile-personal = Personal profile
profile-password = Password
profile-account = Account
profile-saved = Your profile was saved.
password-changed = Your password was changed. Your other sessions have ended.
email-locked = Operators cannot change their own email; ask an administrator.
member-since = Member since
account-details-hint = Your role, groups and skills are managed by your administrator.
save = Save
language-en = English
language-es = Español
language-tr = Türkçe

## Template roles
role-admin = Admin
role-manager = Manager
role-supervisor = Supervisor
role-agent = Agent
role-owner = Owner

## Shared by the section pages
filter = Filter
filter-clear = Clear filters
filter-text = Name or email
filter-all-groups = All groups
filter-all-roles = All roles
filter-any-status = Any status
next-page = Next page →
actions = Actions
copy = Copy
badge-template = Template
status-active = Active
status-blocked = Blocked
status-invited = Invited
flash-saved = Your changes were saved.
flash-created = Created. You can complete it below.
flash-deleted = Deleted.
flash-revoked = Revoked. Requests with it are refused from now on.
flash-withdrawn = The invitation was withdrawn; its link no longer works.
flash-assigned = The role was given to %% users.
flash-access-saved = Access was saved.
forbidden-title = Not allowed
forbidden-text = Your role does not allow you to open this page. Ask an administrator if you need it.
one-time-link-label = One-time link
one-time-warning = This link is shown only once. Copy it now and send it to the person yourself.
effective-settings = Settings in force
setting-softphone-outbound = Outbound softphone calls
setting-inherit = Inherit
setting-allowed = Allowed
setting-not-allowed = Not allowed
setting-inherit-group-hint = "Inherit" uses the company's general setting.
setting-inherit-user-hint = "Inherit" uses the setting of the user's groups, else the company's.

## Who can access
access-title = Who can access this section
access-intro = Each role, with a switch per permission of this section. This changes the roles themselves.
access-template-hint = Template roles are fixed.

## Roles
roles-intro = A role is a set of permissions with a data scope. Template roles ship with every company; custom roles are yours to shape.
roles-table = Roles of the company
roles-permissions = Permissions
roles-users = Users
roles-new = New role
roles-create = Create role
roles-based-on-hint = The new role starts with this template's permissions and ranks like it.
roles-scope-hint = All: every row of the company. Managed: the groups and queues the user supervises. Own: the user's own rows.
role-details = Details
role-permissions = Permissions
role-template-note = This is a template role: it cannot be changed or deleted. To adjust it, create a custom role based on it.
role-delete = Delete role
role-users = Users of this role
role-no-users = Nobody holds this role (in this group).
role-assign-title = Give this role to other users
role-assign-legend = Users who hold another role
role-assign-none = There is nobody else to give it to (in this group).
role-assign-submit = Give the role to the ticked users
role-test-start = Test this role
role-test-hint = Your session acts with only this role's permissions until you end the test.
role-test-banner = You are testing the role %%. You see only what it allows.
role-test-end = End test
scope-all = All
scope-managed = Managed groups and queues
scope-own = Own rows
role-admin-description = Every permission.
role-manager-description = Runs the center: users, skills, tags, lists, reports and live monitoring; no security, billing, roles, API tokens or SIP providers.
role-supervisor-description = Live monitoring, reports and users of the groups and queues they manage.
role-agent-description = The operator workspace: own cases, softphone, call and chat log.
role-owner-description = Billing and the company's plan.

## Users
users-filters = Filter users
users-filter-active = Active
users-filter-blocked = Blocked
users-total = Users found:
users-none = No users match.
users-not-visible = Your role does not show users.
users-invite = Invite a user
users-invite-hint = The new user gets a one-time link to choose a password.
users-invite-submit = Create the invitation
invite-link-heading = Invitation for %%
invite-again-heading = New invitation link
invite-link-text = Send this link to the new user; it lets them choose a password and sign in.
invite-again-text = Send this link to the user; it lets them choose a password and sign in. The previous link no longer works.
reset-link-heading = Password-reset link
reset-link-text = Send this link to the user; it lets them choose a new password.
user-personal-hint = Only the user edits their personal profile. You can send them a password-reset link.
user-send-reset = Send password-reset link
user-resend-invitation = Send invitation again
user-withdraw-invitation = Withdraw invitation
user-account = Account details
user-active = Active (may sign in)
user-active-hint = Blocking ends the user's sessions and API tokens at once.
user-read-only-hint = Your role shows these details read-only.
user-self-hint = Nobody edits their own account details; ask an administrator.
effective-user-hint = Company settings, overridden by the user's groups, overridden by the user.

## Groups
groups-total = Groups:
groups-none = There are no groups yet.
groups-new = New group
groups-create = Create group
group-details = Details
group-delete = Delete group
effective-group-hint = Company settings, overridden by this group. A member's own setting may override it again.

## API tokens
tokens-intro = Integrations call the API with a token. It acts as you, with the role you give it, and never more than you hold.
tokens-none = There are no API tokens yet.
tokens-created-at = Created
tokens-last-used = Last used
tokens-never-used = Never
tokens-revoke = Revoke
tokens-new = New API token
tokens-create = Create token
tokens-role-hint = The token can do only what this role allows.
tokens-no-roles = Your role does not show roles, so it cannot create tokens here.
tokens-created = Token created:
tokens-secret = Secret
tokens-secret-warning = The secret is shown only once and stored only as a digest. Copy it now.

## Sections of the product
section-dashboard = Dashboard
section-workspace = Workspace
section-tickets = Support tickets
section-cases = Cases
section-case-config = Case configuration
section-calls = Calls
section-chats = Chats
section-recordings = Recordings
section-live = Live monitoring
section-reports = Reports
section-users = Users
section-groups = Groups
section-roles = Roles
section-projects = Projects
section-company = Company settings
section-security = Security
section-billing = Billing
section-kpi = KPI
section-audit = Audit log
section-api-tokens = API tokens
section-queues = Queues
section-schedules = Schedules
section-sip-providers = SIP providers
section-call-scripts = Call scripts
section-dialer-campaigns = Dialer campaigns
section-lists = Lists
section-notification-templates = Notification templates
section-crm-forms = CRM forms
section-ip-phones = IP phones
section-skills = Skills
section-tags = Tags

## Permissions
perm-dashboard-view = See the dashboard of the center
perm-workspace-use = Use the operator workspace and softphone
perm-tickets-create = Open support tickets
perm-cases-view = See cases within the role's scope
perm-cases-edit = Work cases: contact attempts, status changes, edits
perm-cases-assign = Assign, reassign and distribute cases
perm-cases-import = Import cases from CSV
perm-cases-export = Export cases to CSV
perm-cases-audit = Audit closed cases
perm-case-config-manage = Configure case statuses, reasons and fields
perm-calls-view = See the call and chat log within the role's scope
perm-calls-view-all = See the calls of every user
perm-chats-view = See chat conversations
perm-recordings-listen = Listen to call recordings
perm-live-view = Watch live agent and queue boards
perm-reports-view = See reports within the role's scope
perm-reports-export = Export reports to CSV
perm-users-view = See users within the role's scope
perm-users-manage = Create users and edit their account details
perm-groups-view = See groups
perm-groups-manage = Create, edit and delete groups
perm-roles-view = See roles and their permissions
perm-roles-manage = Create, edit and delete custom roles
perm-roles-test = Test a role in the own session
perm-projects-view-all = See every row regardless of projects
perm-projects-list = See the project tiles
perm-projects-access = Add and remove project users and groups
perm-projects-manage = Create, edit and delete projects and their objects
perm-company-settings = Edit the company's general settings
perm-security-manage = Edit security settings such as the security mode
perm-billing-manage = Manage billing and the company's plan
perm-kpi-manage = Define KPI targets
perm-audit-view = Read the audit log
perm-api-tokens-manage = Create and revoke API tokens
perm-queues-view = See queues
perm-queues-manage = Create, edit and delete queues
perm-schedules-view = See schedules
perm-schedules-manage = Create, edit and delete schedules
perm-sip-providers-view = See SIP providers
perm-sip-providers-manage = Create, edit and delete SIP providers
perm-call-scripts-view = See call scripts
perm-call-scripts-manage = Create, edit and delete call scripts
perm-dialer-campaigns-view = See dialer campaigns
perm-dialer-campaigns-manage = Create, edit and delete dialer campaigns
perm-lists-view = See DNC, VIP and other lists
perm-lists-manage = Create, edit and delete lists
perm-notification-templates-view = See email and SMS templates
perm-notification-templates-manage = Create, edit and delete email and SMS templates
perm-crm-forms-view = See CRM forms
perm-crm-forms-manage = Create, edit and delete CRM forms
perm-ip-phones-view = See IP phones
perm-ip-phones-manage = Create, edit and delete IP phones
perm-skills-view = See skills
perm-skills-manage = Create, edit and delete skills
perm-tags-view = See tags
perm-tags-manage = Create, edit and delete tags
