# The case configuration page: statuses, reasons, custom fields and contact-attempt results.

cc-title = Case settings
cc-intro = How your company's cases are worked: the statuses a case moves through and what each one requires, the reasons and extra fields operators fill in, and the results they log for each contact attempt.
cc-sections-label = Sections of this page
cc-statuses-title = Statuses
cc-reasons-title = Reasons
cc-fields-title = Fields
cc-results-title = Contact-attempt results

cc-col-kind = Kind
cc-col-open = Cases in it
cc-col-requires = Required to enter
cc-col-required = Required
cc-col-state = State
cc-builtin = Built in
cc-custom = Custom
cc-builtin-kept = Built in: rename only
cc-delete = Delete
cc-remove = Remove
cc-edit-named = Change “%%”
cc-key = Key
cc-key-hint = Used by the API and CSV files: lowercase letters, digits and _. Leave it empty to make it from the name.
cc-field-key-hint = Used by the API and CSV files: lowercase letters, digits and _. Leave it empty to make it from the label.
cc-choose = Choose…
cc-yes = Yes
cc-no = No
cc-nothing-to-choose = Nothing to choose yet.

cc-statuses-intro = The five built-in statuses can be renamed and given required fields, never deleted. A case can only enter a status once it has every field that status requires.
cc-status-is-open = Still being worked
cc-status-is-closed = Finished
cc-status-open = Cases in this status are still being worked
cc-status-open-hint = Open statuses count in operators' loads; leave it unticked for a status that ends the work.
cc-status-requires = Fields required to enter this status
cc-status-requires-hint = Fields marked “required on every case” are needed in every status as well.
cc-status-new = Add a status
cc-status-create = Add status

cc-attr-reason-id = Reason
cc-attr-amount = Amount
cc-attr-due-date = Due date
cc-attr-area = Area
cc-attr-description = Description

cc-reasons-intro = Why a case is in its status or why a contact attempt went as it did; operators choose one from this list.
cc-reasons-used = Statuses that ask for a reason: %%.
cc-reasons-used-none = No status asks for a reason yet: tick “Reason” in a status's required fields to ask for one.
cc-reasons-none = No reasons yet.
cc-reason-new = Add a reason
cc-reason-create = Add reason

cc-fields-intro = Extra data your cases carry. The key and the type are fixed once the field exists. A removed field leaves the forms, but cases keep their old values under its name.
cc-fields-none = No fields yet.
cc-field-label = Label
cc-field-type = Type
cc-field-type-hint = Fixed once the field exists.
cc-field-options = Options
cc-field-options-hint = Choice fields only: one option per line.
cc-field-required = Required on every case
cc-field-required-hint = Cases cannot be saved without it.
cc-field-statuses = Required to enter these statuses
cc-field-statuses-hint = The same as ticking this field in each status's required fields.
cc-field-removed = Removed, old values kept
cc-field-new = Add a field
cc-field-create = Add field
cc-required-always = On every case
cc-required-for = To enter: %%
cc-required-never = No
cc-type-text = Text
cc-type-number = Number
cc-type-date = Date
cc-type-choice = Choice

cc-results-intro = What operators choose as the result of each contact attempt. Built-in results can be renamed or retired (hidden from the attempt form), never deleted; a custom result can be deleted while no attempt has used it.
cc-result-reached = Customer reached
cc-result-reached-hint = Reports count contacts by it.
cc-result-needs-next = Needs a callback time
cc-result-needs-next-hint = An attempt with this result must say when to call back.
cc-result-active = In use
cc-result-retired = Retired
cc-result-retire = Retire
cc-result-reactivate = Reactivate
cc-result-new = Add a result
cc-result-create = Add result

cc-flash-created = Added.
cc-flash-removed = The field was removed from the forms; cases keep their old values.
cc-flash-retired = Retired: operators no longer see it in the attempt form. Old attempts keep it.
cc-flash-reactivated = Reactivated: operators can choose it again.
cc-flash-reason-retired = Retired: the status and attempt forms no longer offer it. Cases and attempts that gave it keep it.

cc-problem-builtin-status = “%%” is a built-in status: it can be renamed but not deleted.
cc-problem-builtin-result = “%%” is a built-in result: rename or retire it instead.
cc-problem-field-in-use = This field is required to enter these statuses: %%. Untick it there first.
cc-problem-result-in-use = Contact attempts have this result, so it cannot be deleted: retire it instead.
cc-problem-reason-in-use = Cases or contact attempts give this reason, so it cannot be deleted: retire it instead.
cc-problem-invalid-key = Use lowercase letters, digits and _, starting with a letter (at most 40).
cc-problem-key-taken = This key is already used: choose another name or type another key.
cc-problem-immutable = This cannot change once created.
cc-problem-fixed-for-builtin = Built-in statuses keep whether they are open.
cc-problem-options-required = A choice field needs at least one option.
cc-problem-only-for-choice = Only choice fields have options: leave this empty or choose the type “Choice”.
cc-problem-type-required = Choose a type.
cc-problem-unknown-field = One of the ticked fields no longer exists; reload the page.
cc-problem-statuses-unknown = One of the ticked statuses no longer exists; reload the page.
