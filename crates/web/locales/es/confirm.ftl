# El paso de confirmación de las acciones que no se pueden deshacer (ui/confirm.rs).
confirm-title = ¿Seguro?
confirm-back = Volver
confirm-cancel = Cancelar y conservarlo
confirm-undo = Esto no se puede deshacer.
confirm-retire-button = Retirarlo
roles-scope-as-template = Como la plantilla (todo, gestionado o propio)
role-unsaved = Hay cambios sin guardar.

confirm-role-question = ¿Eliminar el rol «{ $name }»?
confirm-role-users = { $count ->
    [0] Ningún usuario tiene este rol.
    [one] 1 usuario tiene este rol.
   *[other] { $count } usuarios tienen este rol.
}
confirm-role-tokens = { $count ->
    [one] 1 token de API lleva este rol.
   *[other] { $count } tokens de API llevan este rol.
}
confirm-role-blocked = Un rol en uso no se puede eliminar: asigne otro rol a sus usuarios y revoque antes sus tokens de API.

confirm-project-question = ¿Eliminar el proyecto «{ $name }»?
confirm-project-holds = Este proyecto contiene { $objects ->
    [one] 1 objeto
   *[other] { $objects } objetos
} y { $members ->
    [one] 1 miembro
   *[other] { $members } miembros
}.
confirm-project-members = Sus miembros pierden el acceso que les daba.
confirm-project-no-cases = Ningún caso pertenece a él.
confirm-project-cases-enhanced = { $count ->
    [one] 1 caso queda fuera de todo proyecto
   *[other] { $count } casos quedan fuera de todo proyecto
}: desde ahora solo { $users ->
    [0] quienes ven todos los proyectos (hoy nadie)
    [one] la persona que ve todos los proyectos
   *[other] las { $users } personas que ven todos los proyectos
} { $count ->
    [one] lo verán
   *[other] los verán
}.
confirm-project-cases-simple = { $count ->
    [one] 1 caso sale del proyecto; en seguridad simple solo los roles deciden quién lo ve.
   *[other] { $count } casos salen del proyecto; en seguridad simple solo los roles deciden quién los ve.
}
confirm-project-blocked = En seguridad mejorada todo objeto queda en algún proyecto, y estos no están en ningún otro: { $names }. Póngalos antes en otro proyecto.

confirm-object-question = ¿Eliminar «{ $name }»?
confirm-object-unused = Nada lo usa.
confirm-object-used = Lo usan { $names }: cámbielos primero; un objeto en uso no se puede eliminar.
confirm-object-cases = { $count ->
    [one] 1 caso entró por él: conserva su proyecto pero pierde este origen.
   *[other] { $count } casos entraron por él: conservan su proyecto pero pierden este origen.
}
confirm-object-projects = { $count ->
    [one] Sale de su proyecto.
   *[other] Sale de sus { $count } proyectos.
}

confirm-group-question = ¿Eliminar el grupo «{ $name }»?
confirm-group-members = { $count ->
    [0] No tiene miembros.
    [one] Su único miembro sale de él.
   *[other] Sus { $count } miembros salen de él.
}
confirm-group-supervisors = { $count ->
    [0] Nadie lo supervisa.
    [one] Su supervisor deja de gestionar a sus agentes.
   *[other] Sus { $count } supervisores dejan de gestionar a sus agentes.
}
confirm-group-projects = { $count ->
    [one] Es miembro de 1 proyecto: sus miembros pierden el acceso que les daba.
   *[other] Es miembro de { $count } proyectos: sus miembros pierden el acceso que les daba.
}

confirm-skill-question = ¿Eliminar la habilidad «{ $name }»?
confirm-skill-users = { $count ->
    [0] Ningún usuario la tiene.
    [one] 1 usuario la tiene y la pierde.
   *[other] { $count } usuarios la tienen y la pierden.
}
confirm-skill-queues = { $count ->
    [0] Ninguna cola enruta por ella.
    [one] 1 cola enruta por ella: { $names }.
   *[other] { $count } colas enrutan por ella: { $names }.
}
confirm-skill-blocked = Una habilidad por la que enrutan colas no se puede eliminar: quítela antes de esas colas.

confirm-status-question = ¿Eliminar el estado «{ $name }»?
confirm-status-cases = { $count ->
    [0] Ningún caso está en este estado.
    [one] 1 caso que usted ve está en este estado.
   *[other] { $count } casos que usted ve están en este estado.
}
confirm-status-builtin = Los estados incorporados no se pueden eliminar: cámbiele el nombre.
confirm-status-button = Eliminar el estado
confirm-status-move = Sus casos pasan al estado que elija, cada uno con una entrada en su historial.
confirm-status-move-to = Pasar sus casos a
confirm-status-no-target = Hay casos en este estado y ningún otro estado es igual de abierto o cerrado: cree primero uno al que pasarlos.

confirm-reason-question = ¿Eliminar el motivo «{ $name }»?
confirm-reason-retire-question = ¿Retirar el motivo «{ $name }»?
confirm-reason-cases = { $count ->
    [0] Ningún caso usa este motivo.
    [one] 1 caso usa este motivo.
   *[other] { $count } casos usan este motivo.
}
confirm-reason-attempts = { $count ->
    [0] Ningún intento de contacto lo indicó.
    [one] 1 intento de contacto lo indicó.
   *[other] { $count } intentos de contacto lo indicaron.
}
confirm-reason-in-use = Un motivo en uso no se puede eliminar, o esos casos lo perderían: retírelo. Se queda donde se indicó y deja de ofrecerse.
confirm-reason-retire = Se queda en los casos e intentos que lo tienen y deja de ofrecerse para los nuevos; puede reactivarlo más tarde.
confirm-reason-button = Eliminar el motivo

confirm-field-question = ¿Quitar el campo «{ $label }» de los formularios de casos?
confirm-field-cases = { $count ->
    [0] Ningún caso tiene un valor en él.
    [one] 1 caso tiene un valor en él: el valor se queda, con su etiqueta.
   *[other] { $count } casos tienen un valor en él: los valores se quedan, con su etiqueta.
}
confirm-field-required = Es obligatorio para entrar en los estados { $names }: desmárquelo allí primero.
confirm-field-button = Quitar el campo

confirm-result-question = ¿Eliminar el resultado «{ $name }»?
confirm-result-retire-question = ¿Retirar el resultado «{ $name }»?
confirm-result-attempts = { $count ->
    [0] Ningún intento de contacto terminó con él.
    [one] 1 intento de contacto terminó con él.
   *[other] { $count } intentos de contacto terminaron con él.
}
confirm-result-in-use = Un resultado en uso no se puede eliminar, o esos intentos perderían su sentido: retírelo.
confirm-result-builtin = Los resultados incorporados no se pueden eliminar: cámbiele el nombre o retírelo.
confirm-result-retire = Se queda en los intentos que lo tienen y deja de ofrecerse; puede reactivarlo más tarde.
confirm-result-button = Eliminar el resultado

confirm-token-question = ¿Revocar el token de API «{ $name }»?
confirm-token-stops = El token deja de funcionar ahora: toda petición que lo lleve se rechaza a partir de la siguiente.
confirm-token-role = Actúa con el rol { $role }.
confirm-token-last-used = Último uso: { $at }.
confirm-token-never-used = Nunca se ha usado.
confirm-token-button = Revocar el token
