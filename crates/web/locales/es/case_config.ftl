# La página de configuración de casos: estados, motivos, campos propios y resultados de los intentos de contacto.

cc-title = Ajustes de casos
cc-intro = Cómo se trabajan los casos de tu empresa: los estados por los que pasa un caso y lo que exige cada uno, los motivos y los campos adicionales que rellenan los operadores, y los resultados que registran en cada intento de contacto.
cc-sections-label = Apartados de esta página
cc-statuses-title = Estados
cc-reasons-title = Motivos
cc-fields-title = Campos
cc-results-title = Resultados de los intentos de contacto

cc-col-kind = Tipo
cc-col-open = Casos en él
cc-col-requires = Exigido para entrar
cc-col-required = Obligatorio
cc-col-state = Situación
cc-builtin = Predefinido
cc-custom = Propio
cc-builtin-kept = Predefinido: solo se renombra
cc-delete = Eliminar
cc-remove = Quitar
cc-edit-named = Cambiar «%%»
cc-key = Clave
cc-key-hint = La usan la API y los archivos CSV: minúsculas, dígitos y _. Déjala vacía para formarla a partir del nombre.
cc-field-key-hint = La usan la API y los archivos CSV: minúsculas, dígitos y _. Déjala vacía para formarla a partir de la etiqueta.
cc-choose = Elige…
cc-yes = Sí
cc-no = No
cc-nothing-to-choose = Todavía no hay nada que elegir.

cc-statuses-intro = Los cinco estados predefinidos se pueden renombrar y pueden exigir campos, pero no eliminarse. Un caso solo entra en un estado cuando tiene todos los campos que ese estado exige.
cc-status-is-open = En curso
cc-status-is-closed = Terminado
cc-status-open = Los casos en este estado siguen en curso
cc-status-open-hint = Los estados abiertos cuentan en la carga de los operadores; déjalo sin marcar para un estado que termina el trabajo.
cc-status-requires = Campos exigidos para entrar en este estado
cc-status-requires-hint = Los campos marcados como «obligatorio en todos los casos» se exigen además en todos los estados.
cc-status-new = Añadir un estado
cc-status-create = Añadir estado

cc-attr-reason-id = Motivo
cc-attr-amount = Importe
cc-attr-due-date = Vencimiento
cc-attr-area = Zona
cc-attr-description = Descripción

cc-reasons-intro = Por qué un caso está en su estado o por qué un intento de contacto salió como salió; los operadores eligen uno de esta lista.
cc-reasons-used = Estados que piden un motivo: %%.
cc-reasons-used-none = Ningún estado pide todavía un motivo: marca «Motivo» en los campos exigidos de un estado para pedirlo.
cc-reasons-none = Todavía no hay motivos.
cc-reason-new = Añadir un motivo
cc-reason-create = Añadir motivo

cc-fields-intro = Datos adicionales de tus casos. La clave y el tipo no cambian una vez creado el campo. Un campo quitado desaparece de los formularios, pero los casos conservan sus valores antiguos con su nombre.
cc-fields-none = Todavía no hay campos.
cc-field-label = Etiqueta
cc-field-type = Tipo
cc-field-type-hint = No cambia una vez creado el campo.
cc-field-options = Opciones
cc-field-options-hint = Solo campos de opciones: una opción por línea.
cc-field-required = Obligatorio en todos los casos
cc-field-required-hint = Los casos no se pueden guardar sin él.
cc-field-statuses = Exigido para entrar en estos estados
cc-field-statuses-hint = Es lo mismo que marcar este campo en los campos exigidos de cada estado.
cc-field-removed = Quitado, se conservan los valores antiguos
cc-field-new = Añadir un campo
cc-field-create = Añadir campo
cc-required-always = En todos los casos
cc-required-for = Para entrar en: %%
cc-required-never = No
cc-type-text = Texto
cc-type-number = Número
cc-type-date = Fecha
cc-type-choice = Opciones

cc-results-intro = Lo que eligen los operadores como resultado de cada intento de contacto. Los resultados predefinidos se pueden renombrar o retirar (dejan de aparecer en el formulario del intento), pero no eliminar; un resultado propio se puede eliminar mientras ningún intento lo haya usado.
cc-result-reached = Cliente contactado
cc-result-reached-hint = Los informes cuentan los contactos con él.
cc-result-needs-next = Exige hora de rellamada
cc-result-needs-next-hint = Un intento con este resultado debe indicar cuándo volver a llamar.
cc-result-active = En uso
cc-result-retired = Retirado
cc-result-retire = Retirar
cc-result-reactivate = Reactivar
cc-result-new = Añadir un resultado
cc-result-create = Añadir resultado

cc-flash-created = Añadido.
cc-flash-removed = El campo se quitó de los formularios; los casos conservan sus valores antiguos.
cc-flash-retired = Retirado: los operadores ya no lo ven en el formulario del intento. Los intentos antiguos lo conservan.
cc-flash-reactivated = Reactivado: los operadores pueden volver a elegirlo.
cc-flash-reason-retired = Retirado: los formularios de estado y de intento ya no lo ofrecen. Los casos e intentos que lo dieron lo conservan.

cc-problem-builtin-status = «%%» es un estado predefinido: se puede renombrar, pero no eliminar.
cc-problem-builtin-result = «%%» es un resultado predefinido: renómbralo o retíralo.
cc-problem-field-in-use = Este campo se exige para entrar en estos estados: %%. Desmárcalo allí primero.
cc-problem-result-in-use = Hay intentos de contacto con este resultado, así que no se puede eliminar: retíralo.
cc-problem-reason-in-use = Hay casos o intentos de contacto con este motivo, así que no se puede eliminar: retíralo en su lugar.
cc-problem-invalid-key = Usa minúsculas, dígitos y _, empezando por una letra (40 como máximo).
cc-problem-key-taken = Esta clave ya está en uso: elige otro nombre o escribe otra clave.
cc-problem-immutable = No puede cambiar una vez creado.
cc-problem-fixed-for-builtin = Los estados predefinidos no cambian si están abiertos o no.
cc-problem-options-required = Un campo de opciones necesita al menos una opción.
cc-problem-only-for-choice = Solo los campos de opciones tienen opciones: déjalo vacío o elige el tipo «Opciones».
cc-problem-type-required = Elige un tipo.
cc-problem-unknown-field = Uno de los campos marcados ya no existe; vuelve a cargar la página.
cc-problem-statuses-unknown = Uno de los estados marcados ya no existe; vuelve a cargar la página.
