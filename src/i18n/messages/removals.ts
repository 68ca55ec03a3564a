// Removing a record safely: the confirmation page, what changes, and undo.
// A key goes in both objects: the type of `en` refuses a key missing from it or not in `es`.

const es = {
  'removal.event.heading': '¿Eliminar este evento de respuesta?',
  'removal.review.heading': '¿Eliminar esta evaluación de desempeño?',
  'removal.flag.heading': '¿Eliminar esta bandera?',
  'removal.decision.heading': '¿Eliminar esta decisión?',
  'removal.target.heading': '¿Eliminar esta meta de la cartera?',
  'removal.event.effect':
    'El evento deja de contar para el tiempo de respuesta de {partner} y desaparece de las listas de eventos y del tablero.',
  'removal.review.effect': 'La evaluación deja de contar para el puntaje de calidad de {partner}.',
  'removal.flag.effect':
    'La bandera desaparece de las banderas de {partner}; una bandera roja abierta deja de bloquear su recomendación.',
  'removal.decision.effect':
    'La decisión desaparece del registro de decisiones de {partner}. Los puntajes no dependen de las decisiones.',
  'removal.target.effect':
    'El balance de la cartera deja de comprobar esta meta hasta que se vuelva a fijar en esta página.',
  'removal.changes': 'Qué cambia para {partner}',
  'removal.measure': 'Medida',
  'removal.before': 'Ahora',
  'removal.after': 'Tras eliminar',
  'removal.scoreSame': 'El puntaje y la recomendación no cambian.',
  'removal.undoHint':
    'La eliminación queda en el registro de auditoría. Puede deshacerla desde el mensaje que aparece a continuación.',
  'removal.confirm': 'Sí, eliminar',
  'removal.cancel': 'Cancelar',
  'removal.back': 'Volver',
  'removal.raised': 'Levantada',
  'undo.button': 'Deshacer',
  'undo.refusedTitle': 'Esta eliminación no se puede deshacer',
  'undo.back': 'Volver',
  'undo.blocked.notRemoved': 'No hay una eliminación de este registro que deshacer.',
  'undo.blocked.alreadyRestored': 'El registro ya está de vuelta.',
  'undo.blocked.idReused': 'Ya no se puede deshacer: un registro nuevo tomó su número.',
  'undo.blocked.partnerGone': 'Ya no se puede deshacer: el socio ya no existe.',
  'undo.blocked.partnerArchived': 'No se puede deshacer mientras el socio esté archivado; restaure primero el socio.',
  'undo.blocked.referenceGone': 'Ya no se puede deshacer: su territorio o tipo de asistencia ya no existe.',
  'undo.blocked.slotTaken': 'Ya no se puede deshacer: se guardó un valor nuevo para esta meta.',
};

const en: Record<keyof typeof es, string> = {
  'removal.event.heading': 'Remove this response event?',
  'removal.review.heading': 'Remove this performance review?',
  'removal.flag.heading': 'Remove this flag?',
  'removal.decision.heading': 'Remove this decision?',
  'removal.target.heading': 'Remove this portfolio target?',
  'removal.event.effect':
    'The event stops counting towards the response time of {partner}, and disappears from the events lists and the dashboard.',
  'removal.review.effect': 'The review stops counting towards the quality score of {partner}.',
  'removal.flag.effect':
    'The flag disappears from the flags of {partner}; an open red flag no longer blocks its recommendation.',
  'removal.decision.effect':
    'The decision disappears from the decision log of {partner}. Scores do not depend on decisions.',
  'removal.target.effect': 'The portfolio balance stops checking this target until it is set again on this page.',
  'removal.changes': 'What changes for {partner}',
  'removal.measure': 'Measure',
  'removal.before': 'Now',
  'removal.after': 'After removing',
  'removal.scoreSame': 'The score and the recommendation stay the same.',
  'removal.undoHint': 'The removal is recorded in the audit trail. You can undo it from the message shown next.',
  'removal.confirm': 'Yes, remove',
  'removal.cancel': 'Cancel',
  'removal.back': 'Back',
  'removal.raised': 'Raised',
  'undo.button': 'Undo',
  'undo.refusedTitle': 'This removal cannot be undone',
  'undo.back': 'Back',
  'undo.blocked.notRemoved': 'There is no removal of this record to undo.',
  'undo.blocked.alreadyRestored': 'The record is already back.',
  'undo.blocked.idReused': 'Undo is no longer possible: a new record took its number.',
  'undo.blocked.partnerGone': 'Undo is no longer possible: the partner no longer exists.',
  'undo.blocked.partnerArchived':
    'Undo is no longer possible while the partner is archived; restore the partner first.',
  'undo.blocked.referenceGone': 'Undo is no longer possible: its territory or assistance type no longer exists.',
  'undo.blocked.slotTaken': 'Undo is no longer possible: a new value was saved for this target.',
};

export const removalMessages = { es, en };
