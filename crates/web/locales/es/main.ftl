# Switchboard — mensajes en español.

## Diseño y menú
skip-to-content = Saltar al contenido
menu-label = Menú principal
nav-dashboard = Panel
nav-home = Inicio
nav-profile = Mi perfil
api-docs = Documentación de la API
sign-out = Cerrar sesión
sign-in = Iniciar sesión
back-home = Volver a la página de inicio

## Inicio de sesión y registro
login-title = Iniciar sesión en Switchboard
login-failed = El correo o la contraseña no son correctos, o la cuenta está bloqueada.
login-throttled = Demasiados intentos fallidos. Espere unos minutos y vuelva a intentarlo.
signed-out = Ha cerrado la sesión.
no-account = ¿Es nuevo en Switchboard?
have-account = ¿Ya tiene una cuenta?
create-company = Crear una empresa
signup-title = Cree su centro de contacto
signup-intro = Usted será su primer administrador y después podrá invitar a su equipo.
accept-invite-title = ¡Bienvenido! Elija su contraseña
reset-title = Elija una contraseña nueva
save-password = Guardar contraseña
password-hint = Al menos 8 caracteres; no se aceptan contraseñas habituales.
password-change-hint = Al cambiarla se cierran sus demás sesiones.

## Campos
field-company = Nombre de la empresa
field-name = Su nombre
field-email = Correo electrónico
field-password = Contraseña
field-new-password = Contraseña nueva
field-current-password = Contraseña actual
field-language = Idioma
field-timezone = Zona horaria
field-avatar = Dirección de la imagen de avatar
field-role = Rol

## Problemas con un campo
problem-required = Este campo es obligatorio.
problem-invalid = Este valor no es válido.
problem-too-short = Demasiado corta: use al menos 8 caracteres.
problem-too-long = Demasiado largo.
problem-too-common = Esta contraseña es demasiado habitual; elija otra.
problem-unsupported = No disponible.
problem-unknown = Valor desconocido.
problem-incorrect = No es correcta.
problem-invalid-or-expired = Este enlace no es válido, ya se usó o ha caducado. Pida uno nuevo.
problem-email-taken = Ya existe una cuenta con este correo.
problem-stale = Alguien cambió estos datos mientras tanto. La página muestra los valores actuales; vuelva a aplicar su cambio.

## Inicio y panel
welcome = Bienvenido
now-in-your-zone = Su hora local:
dashboard-coming-title = Su panel está en camino
dashboard-coming-intro = Esta página mostrará el centro de un vistazo:
dashboard-coming-live = agentes y colas en vivo, actualizándose solos;
dashboard-coming-cases = casos abiertos, vencidos y cerrados por estado y operador;
dashboard-coming-calls = llamadas y chats del día con su nivel de servicio;
dashboard-coming-reports = gráficos de los informes que usted puede ver.

## Perfil
profile-personal = Perfil personal
profile-password = Contraseña
profile-account = Cuenta
profile-saved = Su perfil se ha guardado.
password-changed = Su contraseña se ha cambiado. Sus demás sesiones se han cerrado.
email-locked = Los operadores no pueden cambiar su propio correo; pídaselo a un administrador.
member-since = Miembro desde
account-details-hint = Su rol, grupos y habilidades los gestiona su administrador.
save = Guardar
language-en = English
language-es = Español
language-tr = Türkçe

## Roles de plantilla
role-admin = Administrador
role-manager = Gerente
role-supervisor = Supervisor
role-agent = Agente
role-owner = Propietario
