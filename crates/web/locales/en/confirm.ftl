# The confirmation step of actions that cannot be undone (ui/confirm.rs).
confirm-title = Are you sure?
confirm-back = Back
confirm-cancel = Cancel, keep it
confirm-undo = This cannot be undone.
confirm-retire-button = Retire it
roles-scope-as-template = As the template (all, managed or own)
role-unsaved = You have changes that are not saved.

confirm-role-question = Delete the role “{ $name }”?
confirm-role-users = { $count ->
    [0] No user has this role.
    [one] 1 user has this role.
   *[other] { $count } users have this role.
}
confirm-role-tokens = { $count ->
    [one] 1 API token carries this role.
   *[other] { $count } API tokens carry this role.
}
confirm-role-blocked = A role in use cannot be deleted: give its users another role and revoke its API tokens first.

confirm-project-question = Delete the project “{ $name }”?
confirm-project-holds = This project holds { $objects ->
    [one] 1 object
   *[other] { $objects } objects
} and { $members ->
    [one] 1 member
   *[other] { $members } members
}.
confirm-project-members = Its members lose the access it gave them.
confirm-project-no-cases = No case belongs to it.
confirm-project-cases-enhanced = { $count ->
    [one] 1 case leaves every project
   *[other] { $count } cases leave every project
}: from now on only { $users ->
    [0] people who see every project (nobody now)
    [one] the 1 person who sees every project
   *[other] the { $users } people who see every project
} will see { $count ->
    [one] it
   *[other] them
}.
confirm-project-cases-simple = { $count ->
    [one] 1 case leaves the project; in simple security roles alone decide who sees it.
   *[other] { $count } cases leave the project; in simple security roles alone decide who sees them.
}
confirm-project-blocked = In enhanced security every object stays in a project, and these are in no other: { $names }. Put them in another project first.

confirm-object-question = Delete “{ $name }”?
confirm-object-unused = Nothing uses it.
confirm-object-used = It is in use by { $names }: change those first; an object in use cannot be deleted.
confirm-object-cases = { $count ->
    [one] 1 case came in through it: it keeps its project but loses this source.
   *[other] { $count } cases came in through it: they keep their project but lose this source.
}
confirm-object-projects = { $count ->
    [one] It leaves its project.
   *[other] It leaves its { $count } projects.
}

confirm-group-question = Delete the group “{ $name }”?
confirm-group-members = { $count ->
    [0] It has no members.
    [one] Its 1 member leaves it.
   *[other] Its { $count } members leave it.
}
confirm-group-supervisors = { $count ->
    [0] Nobody supervises it.
    [one] Its supervisor stops managing its agents.
   *[other] Its { $count } supervisors stop managing its agents.
}
confirm-group-projects = { $count ->
    [one] It is a member of 1 project: its members lose the access it gave them.
   *[other] It is a member of { $count } projects: its members lose the access it gave them.
}

confirm-skill-question = Delete the skill “{ $name }”?
confirm-skill-users = { $count ->
    [0] No user holds it.
    [one] 1 user holds it and loses it.
   *[other] { $count } users hold it and lose it.
}
confirm-skill-queues = { $count ->
    [0] No queue routes by it.
    [one] 1 queue routes by it: { $names }.
   *[other] { $count } queues route by it: { $names }.
}
confirm-skill-blocked = A skill queues route by cannot be deleted: take it off those queues first.

confirm-status-question = Delete the status “{ $name }”?
confirm-status-cases = { $count ->
    [0] No case is in this status.
    [one] 1 case you can see is in this status.
   *[other] { $count } cases you can see are in this status.
}
confirm-status-builtin = Built-in statuses cannot be deleted: rename it instead.
confirm-status-button = Delete the status
confirm-status-move = Its cases move to the status you choose, each with an entry in its history.
confirm-status-move-to = Move its cases to
confirm-status-no-target = Cases are in this status and no other status is as open or closed as it is: create one to move them to first.

confirm-reason-question = Delete the reason “{ $name }”?
confirm-reason-retire-question = Retire the reason “{ $name }”?
confirm-reason-cases = { $count ->
    [0] No case uses this reason.
    [one] 1 case uses this reason.
   *[other] { $count } cases use this reason.
}
confirm-reason-attempts = { $count ->
    [0] No contact attempt gave it.
    [one] 1 contact attempt gave it.
   *[other] { $count } contact attempts gave it.
}
confirm-reason-in-use = A reason in use cannot be deleted, or those cases would lose it: retire it instead. It stays where it was given and is no longer offered.
confirm-reason-retire = It stays on the cases and attempts that have it and is no longer offered for new ones; you can reactivate it later.
confirm-reason-button = Delete the reason

confirm-field-question = Remove the field “{ $label }” from the case forms?
confirm-field-cases = { $count ->
    [0] No case holds a value for it.
    [one] 1 case holds a value for it: the value stays, with its label.
   *[other] { $count } cases hold a value for it: the values stay, with their label.
}
confirm-field-required = It is required to enter the statuses { $names }: untick it there first.
confirm-field-button = Remove the field

confirm-result-question = Delete the result “{ $name }”?
confirm-result-retire-question = Retire the result “{ $name }”?
confirm-result-attempts = { $count ->
    [0] No contact attempt ended with it.
    [one] 1 contact attempt ended with it.
   *[other] { $count } contact attempts ended with it.
}
confirm-result-in-use = A result in use cannot be deleted, or those attempts would lose their meaning: retire it instead.
confirm-result-builtin = Built-in results cannot be deleted: rename or retire it instead.
confirm-result-retire = It stays on the attempts that have it and is no longer offered; you can reactivate it later.
confirm-result-button = Delete the result

confirm-token-question = Revoke the API token “{ $name }”?
confirm-token-stops = The token stops working now: every request that carries it is refused from the next one on.
confirm-token-role = It acts with the role { $role }.
confirm-token-last-used = Last used { $at }.
confirm-token-never-used = It has never been used.
confirm-token-button = Revoke the token
