# Listas hechas para cientos de filas: acciones en bloque sobre usuarios, selectores de proyectos.
users-bulk-legend = Con los usuarios marcados
users-bulk-tick = Marcar
users-select-all = Seleccionar todos en esta página
users-bulk-role = Cambiar rol
users-bulk-add-groups = Añadir a grupos
users-bulk-remove-groups = Quitar de grupos
users-bulk-block = Bloquear
users-bulk-unblock = Desbloquear
users-bulk-done = { $changed } cambiados, { $unchanged } ya estaban así.
users-bulk-refused = { $count } sin cambiar: { $names }
users-bulk-refused-not_found = no encontrado
users-bulk-refused-own_account = su propia cuenta
users-bulk-refused-not_allowed = no permitido
confirm-users-block-question = ¿Bloquear { $count ->
    [one] a este usuario
   *[other] a estos { $count } usuarios
}?
confirm-users-block-sessions = Ya no podrán iniciar sesión, y sus sesiones abiertas y tokens de API terminan en el acto. Desbloquearlos después requiere un puesto libre.
list-col-members = Miembros
list-col-supervisors = Supervisores
list-col-users = Usuarios
list-col-kind = Tipo
list-col-created = Creado
list-col-updated = Modificado
picker-search = Nombre o correo
picker-search-name = Nombre
picker-group = Grupo
picker-any-group = Cualquier grupo
picker-kind = Tipo
picker-any-kind = Cualquier tipo
picker-find = Buscar
picker-add-selected = Añadir seleccionados
picker-remove-selected = Quitar seleccionados
picker-nothing = No hay nada que añadir con esa búsqueda.
picker-capped = Solo se listan los primeros { $count }: afine la búsqueda para encontrar otros.
picker-users-title = Añadir usuarios
picker-objects-title = Añadir objetos
picker-added = { $count ->
    [one] Se añadió uno.
   *[other] Se añadieron { $count }.
}
