// xs:dateTime; saml-core §1.3.3 requires UTC (an explicit offset is accepted too).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseInstant(value: string | undefined): Date | undefined {
  if (value === undefined || !DATE_TIME.test(value.trim())) return undefined;
  const d = new Date(value.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}
