// Layer: PKI data. The roots of board vendors' factory identities KeyWire recognises: the CA that issued the
// certificate a secure element carries from the factory (STSAFE-A110: slot 0's key, its certificate in zone 0). The
// health check validates a factory certificate against these. Today only the emulated STSAFE vendor root (made once
// with Debian's openssl 3.0 for the emulator, 2025-01-01..2075-01-01, its subject says so); ST's own production root
// is not included because KeyWire has not verified its published bytes.

export interface VendorRoot {
  readonly id: string;
  readonly name: string;
  /** True for a root that only the emulated boards chain to. */
  readonly emulated: boolean;
  readonly pem: string;
}

export const EMULATED_STSAFE_VENDOR_ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIIB2zCCAYKgAwIBAgIIU1RTQUZFAAEwCgYIKoZIzj0EAwIwUTEnMCUGA1UEAwwe
RW11bGF0ZWQgU1RTQUZFIFZlbmRvciBSb290IENBMRkwFwYDVQQKDBBLZXlXaXJl
IGVtdWxhdG9yMQswCQYDVQQGEwJGUjAgFw0yNTAxMDEwMDAwMDBaGA8yMDc1MDEw
MTAwMDAwMFowUTEnMCUGA1UEAwweRW11bGF0ZWQgU1RTQUZFIFZlbmRvciBSb290
IENBMRkwFwYDVQQKDBBLZXlXaXJlIGVtdWxhdG9yMQswCQYDVQQGEwJGUjBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABIcGusiYlr/lgIMpZ6YaFB9DKnB72P5CNjj2
fsPUeZfqDpJCNc4gF1+Wc8PLvLLO+73OiAcmXQvYS4rkOHtTZj2jQjBAMA8GA1Ud
EwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBQ605v99Ktij0Ei
c5P0jgX+/5bIezAKBggqhkjOPQQDAgNHADBEAiAlakovdxcNqYFeUrFjHQsc06eU
Fs9QU6uz/O/R/p0XBgIgAhE0yWmrRRRzv3a/G5TdBg82Vqt+bm9g51tO+F2n3UY=
-----END CERTIFICATE-----
`;

export const VENDOR_ROOTS: readonly VendorRoot[] = [
  {
    id: 'emulated-stsafe-vendor-root',
    name: 'Emulated STSAFE Vendor Root CA (KeyWire emulator)',
    emulated: true,
    pem: EMULATED_STSAFE_VENDOR_ROOT_PEM,
  },
];
