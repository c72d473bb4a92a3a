/** Number formatting for the Chinese UI: money is stored in 万元 and shown in 亿元. */

/**
 * 万元 → "1.2亿元" / "1.23亿元" / "956.3亿元": rounded to 0.01亿, a trailing zero dropped but always
 * at least one decimal ("1.0亿元"). Amounts under 100万元 would round to "0.0亿元", which reads as
 * nothing happened, so they stay in 万元 ("50万元").
 */
export function formatYi(wan: number): string {
  if (wan !== 0 && Math.abs(wan) < 100) return `${wan}万元`;
  return `${yiDigits(wan)}亿元`;
}

/** The number part of formatYi, for big-screen figures that style the unit apart. */
export function yiDigits(wan: number): string {
  // Integer hundredths of 亿 (1 = 100万元), so no float noise reaches the digits.
  const hundredths = Math.round(Math.abs(wan) / 100);
  const sign = wan < 0 && hundredths > 0 ? '-' : '';
  const whole = Math.floor(hundredths / 100);
  const cents = hundredths % 100;
  const decimals = cents % 10 === 0 ? String(cents / 10) : String(cents).padStart(2, '0');
  return `${sign}${whole}.${decimals}`;
}

/** A share 0..1 as a whole percentage, "35%". */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Year-on-year growth in percent, signed, one decimal: "+8.1%", "-2.0%". */
export function formatYoy(yoy: number): string {
  return `${yoy >= 0 ? '+' : ''}${yoy.toFixed(1)}%`;
}

/** Shortens free text for a one-line feed item. */
export function shorten(text: string, max = 24): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** At most one decimal, without a trailing ".0": 45 → "45", 45.25 → "45.3". */
export function formatOneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10);
}
