// Layer: protocols. How the clients' answer limits read in error messages: "1,000 lines", "64 kB".

/** A count with thousands separators ("16,384"). */
export const count = (n: number): string => n.toLocaleString('en-US');

/** A size in kB when it is a whole number of them, else in `unit` ("64 kB", "1,200 bytes"). */
export const size = (n: number, unit: 'bytes' | 'characters'): string =>
  n % 1024 === 0 && n >= 1024 ? `${count(n / 1024)} kB` : `${count(n)} ${unit}`;
