/**
 * Faces a reader's office install has. A deck or Word memo that names one of
 * these is drawn in it on every reader's machine; any other face is replaced by
 * a substitute whose widths differ, so fitted text may no longer fit.
 */

/** Faces with a metric-compatible open twin: LibreOffice draws the twin, Office the original, at the same widths. */
export const metricTwins: Readonly<Record<string, string>> = {
  Calibri: 'Carlito',
  Cambria: 'Caladea',
  Arial: 'Liberation Sans (Arimo)',
  'Times New Roman': 'Liberation Serif (Tinos)',
  'Courier New': 'Liberation Mono (Cousine)',
};

/** Faces installed with Office or the system on Windows and macOS (no open twin, but readers have them). */
const installedWithOffice = new Set([
  ...Object.keys(metricTwins),
  'Aptos',
  'Calibri Light',
  'Candara',
  'Consolas',
  'Constantia',
  'Corbel',
  'Georgia',
  'Garamond',
  'Segoe UI',
  'Tahoma',
  'Trebuchet MS',
  'Verdana',
  'Malgun Gothic',
  'MS Gothic',
  'Yu Gothic',
  'Microsoft YaHei',
]);

/** Whether readers with an office install have this face (names compare case-insensitively). */
export function isOfficeFace(name: string): boolean {
  const n = name.trim().toLowerCase();
  for (const f of installedWithOffice) if (f.toLowerCase() === n) return true;
  return false;
}
