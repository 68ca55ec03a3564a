// Imports in the office's own words: the value mapping step, remembered value mappings (admin page),
// list values not read exactly, and cells corrected in the preview.
// A key goes in both objects: the type of `en` refuses a key missing from it or not in `es`.

const es = {
  'nav.importValues': 'Valores de importación',
  'audit.entity.import_value_mapping': 'Correspondencia de valores de importación',
  'imports.error.unknownValue':
    '«{value}» no está en la lista. Se acepta: {accepted}. Elija su equivalente en «Valores no reconocidos» o corrija la celda.',
  'imports.error.unknownValueSuggested':
    '«{value}» no está en la lista; ¿quiso decir «{suggestion}» ({confidence} %)? Confírmelo en «Valores no reconocidos» o corrija la celda. Se acepta: {accepted}.',
  'imports.error.rejectedValue':
    '«{value}» se rechazó en «Valores no reconocidos»: corrija la celda. Se acepta: {accepted}.',
  'imports.error.valueField': 'La columna «{field}» no toma sus valores de una lista',
  'imports.error.valueCode': '«{code}» no es un valor de la lista para «{value}»',
  'imports.error.cellsJson':
    'Envíe las correcciones como JSON: {"cells": [{"row": 12, "column": "<encabezado>", "value": "…"}]}, con encabezados del archivo',
  'imports.error.cellNotEditable': 'No hay una celda rechazada que corregir aquí en la fila {row}',
  'imports.error.cellControl': 'La corrección contiene caracteres de control (fila {row}); escríbala de nuevo',
  'imports.error.cellTooLong': 'La corrección es demasiado larga (fila {row}; máximo: {max})',
  'imports.rating.1': '1 — Deficiente',
  'imports.rating.2': '2 — Regular',
  'imports.rating.3': '3 — Bueno',
  'imports.rating.4': '4 — Muy bueno',
  'imports.rating.5': '5 — Excelente',
  'imports.values.title': 'Valores no reconocidos',
  'imports.values.intro':
    'Estos valores de «{file}» no coinciden exactamente con las listas de la aplicación. Indique qué significa cada uno; lo que confirme se recordará para los próximos archivos.',
  'imports.values.pending':
    '{count, plural, one {Falta confirmar # valor: sus filas quedan rechazadas hasta que lo haga.} other {Falta confirmar # valores: sus filas quedan rechazadas hasta que lo haga.}}',
  'imports.values.none': 'Todos los valores del archivo se reconocieron.',
  'imports.values.found': 'Valor en el archivo',
  'imports.values.quoted': '«{value}»',
  'imports.values.rows': 'Filas',
  'imports.values.firstRow': 'primera: fila {row}',
  'imports.values.status': 'Estado',
  'imports.values.status.unconfirmed': 'Por confirmar',
  'imports.values.status.auto': 'Reconocido por similitud',
  'imports.values.status.confirmed': 'Confirmado',
  'imports.values.status.remembered': 'Recordado de un archivo anterior',
  'imports.values.status.rejected': 'Rechazado',
  'imports.values.means': 'Significa',
  'imports.values.suggestion': 'Sugerencia: {value} ({confidence} %)',
  'imports.values.match': 'Se parece a {value} en un {confidence} %',
  'imports.values.suggested': 'sugerido',
  'imports.values.choose': '— Elegir —',
  'imports.values.reject': 'Rechazar: corregiré esas filas',
  'imports.values.remembered':
    'Las correspondencias confirmadas se recuerdan por columna y lista; un administrador puede revisarlas y borrarlas en Administración › Valores de importación.',
  'imports.values.submit': 'Guardar y ver la vista previa',
  'imports.values.back': 'Volver a la vista previa',
  'imports.values.list.organizationType': 'Tipo de organización',
  'imports.values.list.localizationCategory': 'Categoría de localización',
  'imports.values.list.partnerStatus': 'Estado del socio',
  'imports.values.list.agreementStatus': 'Estado del convenio',
  'imports.values.list.territory': 'Territorio',
  'imports.values.list.assistanceType': 'Tipo de asistencia',
  'imports.values.list.rating': 'Calificación',
  'imports.values.list.flagLevel': 'Nivel de bandera',
  'imports.values.list.flagCategory': 'Categoría de bandera',
  'imports.values.list.decisionKind': 'Tipo de decisión',
  'imports.values.admin.title': 'Valores de importación recordados',
  'imports.values.admin.intro':
    'Cuando alguien confirma qué significa un valor de un archivo («ONG local» → ONG nacional), la importación lo recuerda para los próximos archivos. Borre una correspondencia equivocada: el próximo archivo volverá a preguntar.',
  'imports.values.admin.none': 'Todavía no se ha confirmado ningún valor.',
  'imports.values.admin.count':
    '{total, plural, one {# correspondencia recordada} other {# correspondencias recordadas}}',
  'imports.values.admin.list': 'Lista',
  'imports.values.admin.by': 'Confirmado por',
  'imports.values.admin.delete': 'Borrar',
  'imports.values.admin.deleted': 'Correspondencia borrada: el próximo archivo volverá a preguntar por ese valor.',
  'imports.show.valuesTitle':
    '{count, plural, one {# valor no se leyó exactamente} other {# valores no se leyeron exactamente}}',
  'imports.show.valuesPending': '{count, plural, one {# espera su confirmación.} other {# esperan su confirmación.}}',
  'imports.show.valuesRead': 'Todos tienen una correspondencia; revísela antes de confirmar.',
  'imports.show.valuesLink': 'Revisar los valores',
  'imports.workbook.values':
    '{count, plural, one {Confirmar # valor no reconocido} other {Confirmar # valores no reconocidos}}',
  'imports.show.fixInPlace':
    'Puede corregir una celda aquí mismo, sin volver a subir el archivo: escriba el valor correcto y guarde.',
  'imports.show.correction': 'Corrección',
  'imports.show.correctionLabel': 'Corrección de la fila {row}, columna {column}',
  'imports.show.saveCells': 'Guardar correcciones y revisar de nuevo',
  'imports.show.cellsSaved': 'Correcciones guardadas; la vista previa se volvió a revisar.',
};

const en: Record<keyof typeof es, string> = {
  'nav.importValues': 'Import values',
  'audit.entity.import_value_mapping': 'Import value mapping',
  'imports.error.unknownValue':
    '“{value}” is not in the list. Accepted: {accepted}. Choose what it means under “Unrecognized values” or correct the cell.',
  'imports.error.unknownValueSuggested':
    '“{value}” is not in the list; did you mean “{suggestion}” ({confidence}%)? Confirm it under “Unrecognized values” or correct the cell. Accepted: {accepted}.',
  'imports.error.rejectedValue':
    '“{value}” was rejected under “Unrecognized values”: correct the cell. Accepted: {accepted}.',
  'imports.error.valueField': 'The column “{field}” does not take its values from a list',
  'imports.error.valueCode': '“{code}” is not a value of the list for “{value}”',
  'imports.error.cellsJson':
    'Send the corrections as JSON: {"cells": [{"row": 12, "column": "<header>", "value": "…"}]}, with headers of the file',
  'imports.error.cellNotEditable': 'There is no rejected cell to correct here on row {row}',
  'imports.error.cellControl': 'The correction holds control characters (row {row}); type it again',
  'imports.error.cellTooLong': 'The correction is too long (row {row}; at most: {max})',
  'imports.rating.1': '1 — Poor',
  'imports.rating.2': '2 — Fair',
  'imports.rating.3': '3 — Good',
  'imports.rating.4': '4 — Very good',
  'imports.rating.5': '5 — Excellent',
  'imports.values.title': 'Unrecognized values',
  'imports.values.intro':
    'These values of “{file}” do not match the app’s lists exactly. Say what each one means; what you confirm is remembered for the next files.',
  'imports.values.pending':
    '{count, plural, one {# value still needs your confirmation: its rows stay rejected until then.} other {# values still need your confirmation: their rows stay rejected until then.}}',
  'imports.values.none': 'Every value of the file was recognized.',
  'imports.values.found': 'Value in the file',
  'imports.values.quoted': '“{value}”',
  'imports.values.rows': 'Rows',
  'imports.values.firstRow': 'first: row {row}',
  'imports.values.status': 'Status',
  'imports.values.status.unconfirmed': 'To confirm',
  'imports.values.status.auto': 'Recognized by similarity',
  'imports.values.status.confirmed': 'Confirmed',
  'imports.values.status.remembered': 'Remembered from an earlier file',
  'imports.values.status.rejected': 'Rejected',
  'imports.values.means': 'Means',
  'imports.values.suggestion': 'Suggested: {value} ({confidence}%)',
  'imports.values.match': '{confidence}% like {value}',
  'imports.values.suggested': 'suggested',
  'imports.values.choose': '— Choose —',
  'imports.values.reject': 'Reject: I will correct those rows',
  'imports.values.remembered':
    'Confirmed value mappings are remembered per column and list; an admin can review and delete them under Admin › Import values.',
  'imports.values.submit': 'Save and see the preview',
  'imports.values.back': 'Back to the preview',
  'imports.values.list.organizationType': 'Organization type',
  'imports.values.list.localizationCategory': 'Localization category',
  'imports.values.list.partnerStatus': 'Partner status',
  'imports.values.list.agreementStatus': 'Agreement status',
  'imports.values.list.territory': 'Territory',
  'imports.values.list.assistanceType': 'Assistance type',
  'imports.values.list.rating': 'Rating',
  'imports.values.list.flagLevel': 'Flag level',
  'imports.values.list.flagCategory': 'Flag category',
  'imports.values.list.decisionKind': 'Decision kind',
  'imports.values.admin.title': 'Remembered import values',
  'imports.values.admin.intro':
    'When someone confirms what a value of a file means (“local NGO” → National NGO), the import remembers it for the next files. Delete a wrong mapping: the next file will ask again.',
  'imports.values.admin.none': 'No value has been confirmed yet.',
  'imports.values.admin.count': '{total, plural, one {# remembered mapping} other {# remembered mappings}}',
  'imports.values.admin.list': 'List',
  'imports.values.admin.by': 'Confirmed by',
  'imports.values.admin.delete': 'Delete',
  'imports.values.admin.deleted': 'Mapping deleted: the next file will ask about that value again.',
  'imports.show.valuesTitle':
    '{count, plural, one {# value was not read exactly} other {# values were not read exactly}}',
  'imports.show.valuesPending': '{count, plural, one {# awaits your confirmation.} other {# await your confirmation.}}',
  'imports.show.valuesRead': 'Each has a mapping; review them before you commit.',
  'imports.show.valuesLink': 'Review the values',
  'imports.workbook.values':
    '{count, plural, one {Confirm # unrecognized value} other {Confirm # unrecognized values}}',
  'imports.show.fixInPlace':
    'You can correct a cell right here, without uploading the file again: type the right value and save.',
  'imports.show.correction': 'Correction',
  'imports.show.correctionLabel': 'Correction of row {row}, column {column}',
  'imports.show.saveCells': 'Save corrections and check again',
  'imports.show.cellsSaved': 'Corrections saved; the preview was checked again.',
};

export const importValueMessages = { es, en };
