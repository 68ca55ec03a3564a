// Operations: the backups page.
// A key goes in both objects: the type of `en` refuses a key missing from it or not in `es`.

const es = {
  'backups.title': 'Copias de seguridad',
  'backups.intro':
    'La base de datos se copia mientras la aplicación sigue funcionando. Cada copia se verifica (integridad y número de filas de cada tabla) antes de conservarse.',
  'backups.off.title': 'Las copias programadas están desactivadas',
  'backups.off.body':
    'Para activarlas, defina BACKUP_DIR (la carpeta de las copias) y, si quiere, BACKUP_EVERY_HOURS (cada cuántas horas; 24 por omisión) y BACKUP_KEEP (cuántas conservar; 7 por omisión), y reinicie la aplicación. Mientras tanto puede hacer copias manuales con el comando de abajo.',
  'backups.schedule': 'Programación',
  'backups.status': 'Estado',
  'backups.status.ok': 'Al día',
  'backups.status.failed': 'La última copia falló',
  'backups.status.overdue': 'Atrasadas: ninguna copia correcta en dos períodos',
  'backups.status.pending': 'Todavía no hay copias',
  'backups.frequency': 'Frecuencia',
  'backups.frequencyValue':
    'Cada {hours} h; {keep, plural, one {se conserva solo la más reciente} other {se conservan las # más recientes}}',
  'backups.folder': 'Carpeta',
  'backups.lastSuccess': 'Última copia correcta',
  'backups.never': 'Ninguna todavía',
  'backups.next': 'Próxima copia',
  'backups.running': 'En curso',
  'backups.last': 'Último intento',
  'backups.lastNone': 'Desde que se inició la aplicación no se ha intentado ninguna copia.',
  'backups.takenAt': 'Fecha',
  'backups.outcome.ok': 'Verificada',
  'backups.outcome.failed': 'Falló',
  'backups.file': 'Archivo',
  'backups.size': 'Tamaño',
  'backups.rows': 'Filas copiadas',
  'backups.reason': 'Motivo',
  'backups.duration': 'Duración',
  'backups.kept.title': 'Copias conservadas',
  'backups.kept.count': '{count, plural, one {# copia en la carpeta} other {# copias en la carpeta}}',
  'backups.kept.none': 'La carpeta no tiene copias todavía.',
  'backups.commands.title': 'Desde la línea de comandos',
  'backups.commands.backup': 'Una copia en cualquier momento, con la aplicación en marcha (se verifica igual):',
  'backups.commands.restore':
    'Restaurar una copia: detenga primero la aplicación. La base actual se conserva a su lado como «….before-restore-<fecha>»; una copia de una versión anterior se actualiza al volver a iniciar.',
  'backups.commands.fileName': 'copia.sqlite',
};

const en: Record<keyof typeof es, string> = {
  'backups.title': 'Backups',
  'backups.intro':
    'The database is copied while the app keeps working. Each copy is verified (integrity and the row count of every table) before it is kept.',
  'backups.off.title': 'Scheduled backups are off',
  'backups.off.body':
    'To turn them on, set BACKUP_DIR (the folder for the backups) and, if you wish, BACKUP_EVERY_HOURS (how often; 24 by default) and BACKUP_KEEP (how many to keep; 7 by default), then restart the app. Meanwhile you can take backups by hand with the command below.',
  'backups.schedule': 'Schedule',
  'backups.status': 'Status',
  'backups.status.ok': 'Up to date',
  'backups.status.failed': 'The last backup failed',
  'backups.status.overdue': 'Overdue: no good backup for two periods',
  'backups.status.pending': 'No backup yet',
  'backups.frequency': 'Frequency',
  'backups.frequencyValue':
    'Every {hours} h; {keep, plural, one {only the newest is kept} other {the # newest are kept}}',
  'backups.folder': 'Folder',
  'backups.lastSuccess': 'Last good backup',
  'backups.never': 'None yet',
  'backups.next': 'Next backup',
  'backups.running': 'In progress',
  'backups.last': 'Last attempt',
  'backups.lastNone': 'No backup has been attempted since the app started.',
  'backups.takenAt': 'Date',
  'backups.outcome.ok': 'Verified',
  'backups.outcome.failed': 'Failed',
  'backups.file': 'File',
  'backups.size': 'Size',
  'backups.rows': 'Rows copied',
  'backups.reason': 'Reason',
  'backups.duration': 'Duration',
  'backups.kept.title': 'Backups kept',
  'backups.kept.count': '{count, plural, one {# backup in the folder} other {# backups in the folder}}',
  'backups.kept.none': 'The folder holds no backup yet.',
  'backups.commands.title': 'From the command line',
  'backups.commands.backup': 'A backup at any time, with the app running (verified just the same):',
  'backups.commands.restore':
    'Restoring a backup: stop the app first. The current database is kept beside it as "….before-restore-<date>"; a backup from an earlier version is brought up to date at the next start.',
  'backups.commands.fileName': 'backup.sqlite',
};

export const operationsMessages = { es, en };
