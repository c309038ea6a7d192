// Layer: emulator factory data (STSAFE-A110). Made once with Debian's openssl 3.0 for the emulator (subjects say so),
// with fixed dates (2025-01-01..2075-01-01): an emulated vendor root CA standing in for ST's, and the factory
// certificate of the emulated chip's slot-0 P-256 key, CN = the chip serial, as ST personalises real chips.
// The slot-0 private scalar is the emulated chip's own secret: the emulator never sends it over the wire.

// The emulated vendor root lives with the other trust anchors KeyWire knows (src/pki/vendor-roots.ts).
export { EMULATED_STSAFE_VENDOR_ROOT_PEM } from '../../../pki/vendor-roots.ts';

/** Issued by the emulated vendor root to CN=0209203A5C1E8B4F71 (the emulated chip serial), clientAuth. 506 DER bytes. */
export const EMULATED_STSAFE_FACTORY_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIB9jCCAZygAwIBAgIIU1RTQUZFAAIwCgYIKoZIzj0EAwIwUTEnMCUGA1UEAwwe
RW11bGF0ZWQgU1RTQUZFIFZlbmRvciBSb290IENBMRkwFwYDVQQKDBBLZXlXaXJl
IGVtdWxhdG9yMQswCQYDVQQGEwJGUjAgFw0yNTAxMDEwMDAwMDBaGA8yMDc1MDEw
MTAwMDAwMFowODEbMBkGA1UEAwwSMDIwOTIwM0E1QzFFOEI0RjcxMRkwFwYDVQQK
DBBLZXlXaXJlIGVtdWxhdG9yMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEyUJc
uZ1hgzxWKt1zdnyFIVPtKS5YI4oAafXeASDVEq30oFtm22sFcgSM6XJcWA/yGYxW
ZkJV4CTkCLLdLqdxAqN1MHMwDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4Aw
EwYDVR0lBAwwCgYIKwYBBQUHAwIwHQYDVR0OBBYEFAPwGDcev37eEgNPJ6KKuytn
0QmDMB8GA1UdIwQYMBaAFDrTm/30q2KPQSJzk/SOBf7/lsh7MAoGCCqGSM49BAMC
A0gAMEUCIQD0xvRxDaQIFglvZ1jEcwOKYHNfS09L/+s6A2+CedyLTQIgQ07hRfDQ
Wq03MnKRJ0aTjxfxLrCk3mlMaZNkv69Z/+4=
-----END CERTIFICATE-----
`;

/** The slot-0 P-256 private scalar of EMULATED_STSAFE_FACTORY_CERT_PEM, 32 bytes hex. */
export const EMULATED_STSAFE_SLOT0_SCALAR_HEX = 'e80688e46ba31f27b494945e2bd06c1cfafdd28cadc6e1ca30fe8840554aa442';
