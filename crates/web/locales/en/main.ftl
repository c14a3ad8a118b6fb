# Switchboard — English messages. Every id here must exist in es/ and tr/ too
# (a unit test checks it).

## Layout and menu
skip-to-content = Skip to content
menu-label = Main menu
nav-dashboard = Dashboard
nav-home = Home
nav-profile = My profile
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
