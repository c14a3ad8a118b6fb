# Lists made for hundreds of rows: bulk actions on users, the project pickers.
users-bulk-legend = With the ticked users
users-bulk-tick = Tick
users-select-all = Select all on this page
users-bulk-role = Change role
users-bulk-add-groups = Add to groups
users-bulk-remove-groups = Remove from groups
users-bulk-block = Block
users-bulk-unblock = Unblock
users-bulk-done = { $changed } changed, { $unchanged } already so.
users-bulk-refused = { $count } not changed: { $names }
users-bulk-refused-not_found = not found
users-bulk-refused-own_account = your own account
users-bulk-refused-not_allowed = not allowed
confirm-users-block-question = Block { $count ->
    [one] this user
   *[other] these { $count } users
}?
confirm-users-block-sessions = They cannot sign in any more, and their open sessions and API tokens end at once. Unblocking them later needs a free seat.
list-col-members = Members
list-col-supervisors = Supervisors
list-col-users = Users
list-col-kind = Kind
list-col-created = Created
list-col-updated = Changed
picker-search = Name or email
picker-search-name = Name
picker-group = Group
picker-any-group = Any group
picker-kind = Kind
picker-any-kind = Any kind
picker-find = Search
picker-add-selected = Add selected
picker-remove-selected = Remove selected
picker-nothing = Nothing to add matches.
picker-capped = Only the first { $count } are listed: narrow the search to find others.
picker-users-title = Add users
picker-objects-title = Add objects
picker-added = { $count ->
    [one] One added.
   *[other] { $count } added.
}
