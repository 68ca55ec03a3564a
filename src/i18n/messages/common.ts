// The layout (name, navigation, languages), error pages, API problem titles, pagination, shared list
// filters, and the answers of busy work queues.
// A key goes in both objects: the type of `en` refuses a key missing from it or not in `es`.

const es = {
  'app.name': 'Cartera Ágil',
  'app.tagline': 'Socios ágiles en la cartera humanitaria',
  'nav.skip': 'Saltar al contenido principal',
  'nav.main': 'Navegación principal',
  'nav.partners': 'Socios',
  'nav.language': 'Idioma',
  'language.es': 'Español',
  'language.en': 'English',
  'demo.notice': 'Datos de demostración: los socios de esta base son ficticios.',
  'footer.practice':
    'Buena práctica BPI_GN de OIM Ecuador: mantener en la cartera a los socios pequeños, que responden más rápido.',
  'filter.from': 'Desde',
  'filter.to': 'Hasta',
  'nav.dashboard': 'Tablero',
  'error.notFound.title': 'Página no encontrada',
  'error.notFound.body': 'Revise la dirección o vuelva a la lista de socios.',
  'error.server.title': 'Algo salió mal',
  'error.server.body':
    'No pudimos completar la solicitud. Inténtelo de nuevo en unos minutos; no se guardó ningún cambio a medias.',
  'error.badRequest.title': 'Solicitud no válida',
  'error.backToList': 'Volver a la lista de socios',
  'problem.validation': 'Hay datos no válidos',
  'problem.malformed': 'El cuerpo de la solicitud no es JSON válido',
  'problem.notFound': 'No encontrado',
  'problem.staleVersion': 'El registro cambió desde que lo leyó',
  'problem.concurrentChange':
    'Otra persona guardó lo mismo en el mismo momento y se conservó su versión; vuelva a cargar la página y revise antes de guardar de nuevo',
  'problem.tooLarge': 'El cuerpo de la solicitud supera los 100 kB',
  'problem.unsupportedMediaType': 'El cuerpo debe enviarse como application/json',
  'problem.server': 'Error interno del servidor',
  'filter.territory': 'Territorio',
  'filter.assistanceType': 'Tipo de asistencia',
  'pagination.label': 'Paginación',
  'pagination.previous': 'Anterior',
  'pagination.next': 'Siguiente',
  'pagination.page': 'Página {page} de {pages}',
  'nav.users': 'Usuarios',
  'nav.admin': 'Administración',
  'nav.audit': 'Auditoría',
  'nav.signOut': 'Cerrar sesión',
  'nav.ranking': 'Clasificación',
  'nav.methodology': 'Metodología',
  'nav.portfolio': 'Cartera',
  'nav.finder': 'Respuesta rápida',
  'nav.alerts': 'Alertas',
  'nav.agreements': 'Convenios',
  'nav.reference': 'Datos de referencia',
  'error.reference': 'Referencia',
  'error.busy.title': 'Servidor ocupado',
  'work.busy.pdf':
    'Se están generando demasiados informes PDF a la vez. Vuelva a intentarlo en {seconds, plural, one {# segundo} other {# segundos}}.',
  'work.busy.import':
    'Hay demasiadas importaciones en curso a la vez; no se recibió ni guardó nada. Vuelva a intentarlo en {seconds, plural, one {# segundo} other {# segundos}}.',
  'work.busy.export':
    'Se están generando demasiadas exportaciones a la vez. Vuelva a intentarlo en {seconds, plural, one {# segundo} other {# segundos}}.',
  'work.timeout.pdf':
    'El informe PDF tardó demasiado en generarse. Vuelva a intentarlo en {seconds, plural, one {# segundo} other {# segundos}}, o acote el período o el territorio.',
  'problem.uriTooLong':
    'La dirección es demasiado larga (más de {limit, plural, one {# carácter} other {# caracteres}}); acorte los filtros o la búsqueda.',
  'problem.rateLimited':
    'Demasiadas solicitudes: cada token (o usuario) puede hacer {count, plural, one {# solicitud} other {# solicitudes}} por minuto a la API. Vuelva a intentarlo en {seconds, plural, one {# segundo} other {# segundos}}.',
  'nav.backups': 'Copias de seguridad',
};

const en: Record<keyof typeof es, string> = {
  'app.name': 'Cartera Ágil',
  'app.tagline': 'Agile partners in the humanitarian portfolio',
  'nav.skip': 'Skip to main content',
  'nav.main': 'Main navigation',
  'nav.partners': 'Partners',
  'nav.language': 'Language',
  'language.es': 'Español',
  'language.en': 'English',
  'demo.notice': 'Demo data: the partners in this database are fictional.',
  'footer.practice': 'IOM Ecuador good practice BPI_GN: keep small partners, who respond faster, in the portfolio.',
  'filter.from': 'From',
  'filter.to': 'To',
  'nav.dashboard': 'Dashboard',
  'error.notFound.title': 'Page not found',
  'error.notFound.body': 'Check the address or go back to the partner list.',
  'error.server.title': 'Something went wrong',
  'error.server.body': 'We could not complete the request. Try again in a few minutes; no change was half-saved.',
  'error.badRequest.title': 'Invalid request',
  'error.backToList': 'Back to the partner list',
  'problem.validation': 'Some data is invalid',
  'problem.malformed': 'The request body is not valid JSON',
  'problem.notFound': 'Not found',
  'problem.staleVersion': 'The record changed since you read it',
  'problem.concurrentChange':
    'Someone else saved the same thing at the same moment and theirs was kept; reload the page and check before saving again',
  'problem.tooLarge': 'The request body is larger than 100 kB',
  'problem.unsupportedMediaType': 'The body must be sent as application/json',
  'problem.server': 'Internal server error',
  'filter.territory': 'Territory',
  'filter.assistanceType': 'Assistance type',
  'pagination.label': 'Pagination',
  'pagination.previous': 'Previous',
  'pagination.next': 'Next',
  'pagination.page': 'Page {page} of {pages}',
  'nav.users': 'Users',
  'nav.admin': 'Administration',
  'nav.audit': 'Audit',
  'nav.signOut': 'Sign out',
  'nav.ranking': 'Ranking',
  'nav.methodology': 'Methodology',
  'nav.portfolio': 'Portfolio',
  'nav.finder': 'Rapid response',
  'nav.alerts': 'Alerts',
  'nav.agreements': 'Agreements',
  'nav.reference': 'Reference data',
  'error.reference': 'Reference',
  'error.busy.title': 'Server busy',
  'work.busy.pdf':
    'Too many PDF reports are being generated at once. Try again in {seconds, plural, one {# second} other {# seconds}}.',
  'work.busy.import':
    'Too many imports are running at once; nothing was received or saved. Try again in {seconds, plural, one {# second} other {# seconds}}.',
  'work.busy.export':
    'Too many exports are being generated at once. Try again in {seconds, plural, one {# second} other {# seconds}}.',
  'work.timeout.pdf':
    'The PDF report took too long to generate. Try again in {seconds, plural, one {# second} other {# seconds}}, or narrow the period or the territory.',
  'problem.uriTooLong':
    'The address is too long (more than {limit, plural, one {# character} other {# characters}}); shorten the filters or the search.',
  'problem.rateLimited':
    'Too many requests: each token (or user) may make {count, plural, one {# request} other {# requests}} a minute to the API. Try again in {seconds, plural, one {# second} other {# seconds}}.',
  'nav.backups': 'Backups',
};

export const commonMessages = { es, en };
