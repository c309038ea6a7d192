// Layer: emulator factory data. Certificates and keys preloaded into the emulated boards' flash, as PEM with LF
// line endings and a trailing LF, exactly as nRF Cloud's tools write them (the modem hashes these bytes).
// - Amazon Root CA 1 (the CA nRF Cloud's broker chains to) is a public root: src/pki/public-roots.ts owns its bytes.
// - The certificates here were made for the emulator with Debian's openssl (their subjects say so): an emulated
//   Nordic identity root and a client certificate for board A issued by an emulated device CA.
// - The board A client key is the emulated board's own secret (the emulator never sends it over the wire).

export const EMULATED_NORDIC_IDENTITY_ROOT_PEM = `-----BEGIN CERTIFICATE-----
MIICADCCAaegAwIBAgIIS1cAAAAAAAEwCgYIKoZIzj0EAwIwUzELMAkGA1UEBhMC
Tk8xGTAXBgNVBAoMEEtleVdpcmUgZW11bGF0b3IxKTAnBgNVBAMMIEVtdWxhdGVk
IE5vcmRpYyBJZGVudGl0eSBSb290IENBMCAXDTI2MTEyMTA4MzMyOVoYDzIwNTEx
MTE1MDgzMzI5WjBTMQswCQYDVQQGEwJOTzEZMBcGA1UECgwQS2V5V2lyZSBlbXVs
YXRvcjEpMCcGA1UEAwwgRW11bGF0ZWQgTm9yZGljIElkZW50aXR5IFJvb3QgQ0Ew
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATUps2YvZTQiznz7XyareA8R9t+s13n
WOLTboOXGS+jlHLkxWewdG/cIRIe+x6hoR/uoufKIVTxmsZZ07Fzsiv4o2MwYTAd
BgNVHQ4EFgQUQn9a4BMenbi8aq2DIHSANbqT4gwwHwYDVR0jBBgwFoAUQn9a4BMe
nbi8aq2DIHSANbqT4gwwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYw
CgYIKoZIzj0EAwIDRwAwRAIgDC3Vjskvm5UmRTi5xh1LgZJN6WjioNIqrx1BY4If
/0gCIEnlepWXAkyx4kt1d153WeiZxlFBszNRPk97Z+k7UBo/
-----END CERTIFICATE-----
`;

/** Issued by "Emulated nRF Cloud Device CA" to CN=nrf-352656100402174 (board A's IMEI), clientAuth, 20 years. */
export const BOARD_A_CLIENT_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIB1DCCAXugAwIBAgIIS1cAAAAAAAMwCgYIKoZIzj0EAwIwTzELMAkGA1UEBhMC
Tk8xGTAXBgNVBAoMEEtleVdpcmUgZW11bGF0b3IxJTAjBgNVBAMMHEVtdWxhdGVk
IG5SRiBDbG91ZCBEZXZpY2UgQ0EwHhcNMjYxMTIxMDgzMzMyWhcNNDYxMTE2MDgz
MzMyWjAeMRwwGgYDVQQDDBNucmYtMzUyNjU2MTAwNDAyMTc0MFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAEoalpBmgbx1QfJfxXT/MZ0v96VjLoSdw7dttRz+WbdetQ
NYQ7qKGn1hy9i/K1/1d8Fy6hUFAQs8sUFDpDjADTNaNyMHAwCQYDVR0TBAIwADAO
BgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYBBQUHAwIwHQYDVR0OBBYEFJ6g
vU00EoQvRixqTx41Gk/sIc33MB8GA1UdIwQYMBaAFBOJ/E7dDmUYHM8M+XpBaw/9
6sT9MAoGCCqGSM49BAMCA0cAMEQCID2GAUy8/eTuICeP7+1rNdPsaTdVt7l8zy/e
8wxj6fvVAiAfovpB0/1FwdzqIbcH6OJUNEN+c6C2d+1O4TbDS/Nc5A==
-----END CERTIFICATE-----
`;

/** The private key of BOARD_A_CLIENT_CERT_PEM (SEC1). Stored at type 2; %CMNG never reads it back. */
export const BOARD_A_CLIENT_KEY_PEM = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIKrOK8aPCboAPdwDQeT+c6lCJA2CrzzVMjklpKugUIH+oAoGCCqGSM49
AwEHoUQDQgAEoalpBmgbx1QfJfxXT/MZ0v96VjLoSdw7dttRz+WbdetQNYQ7qKGn
1hy9i/K1/1d8Fy6hUFAQs8sUFDpDjADTNQ==
-----END EC PRIVATE KEY-----
`;
