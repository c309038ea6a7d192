// Layer: diagnostics, curated source data (generator input only). PSA Crypto status codes (psa/crypto_values.h,
// psa/error.h of PSA Certified APIs / TF-M for the -129..-131 framework codes) with plain-language advice.

export interface PsaSource {
  readonly value: number;
  readonly name: string;
  readonly meaning: string;
  readonly causes: readonly string[];
  readonly checks: readonly string[];
}

const KEY_CHECK = 'Check the PSA key attributes (type, bits, usage flags, permitted algorithm) and its lifetime.';

export const PSA_SOURCE: readonly PsaSource[] = [
  {
    value: -129,
    name: 'PSA_ERROR_PROGRAMMER_ERROR',
    meaning: 'A secure-partition call was made incorrectly (PSA Firmware Framework).',
    causes: ['Caller bug across the TF-M boundary.'],
    checks: ['Check the TF-M log and the calling code.'],
  },
  {
    value: -130,
    name: 'PSA_ERROR_CONNECTION_REFUSED',
    meaning: 'The secure service refused the connection (PSA Firmware Framework).',
    causes: ['The service is not available to this caller.'],
    checks: ['Check the TF-M partition manifest and caller permissions.'],
  },
  {
    value: -131,
    name: 'PSA_ERROR_CONNECTION_BUSY',
    meaning: 'The secure service is busy (PSA Firmware Framework).',
    causes: ['Too many concurrent connections.'],
    checks: ['Retry later; check for leaked handles.'],
  },
  {
    value: -132,
    name: 'PSA_ERROR_GENERIC_ERROR',
    meaning: 'An error that no more specific code describes.',
    causes: ['Driver or implementation failure.'],
    checks: ['Look at the log lines before for the failing operation.'],
  },
  {
    value: -133,
    name: 'PSA_ERROR_NOT_PERMITTED',
    meaning: 'The key policy does not allow this operation.',
    causes: [
      'The key lacks the usage flag (e.g. SIGN_HASH) or the permitted algorithm differs.',
      'Trying to export a non-exportable key.',
    ],
    checks: [KEY_CHECK],
  },
  {
    value: -134,
    name: 'PSA_ERROR_NOT_SUPPORTED',
    meaning: 'The algorithm, key type or size is not supported by this build or driver.',
    causes: [
      'A curve or hash not enabled in the PSA configuration (PSA_WANT_*).',
      'The secure element cannot do this operation.',
    ],
    checks: ['Check the PSA_WANT_* configuration and the driver capabilities.'],
  },
  {
    value: -135,
    name: 'PSA_ERROR_INVALID_ARGUMENT',
    meaning:
      'A parameter is invalid. In mbedTLS 4.x also returned where 3.6 returned the BAD_INPUT_DATA codes (e.g. a TLS record larger than the buffer).',
    causes: [
      'Wrong key size or format passed in.',
      'mbedTLS 4.x: a record larger than the input buffer ("requesting more data than fits").',
    ],
    checks: ['Check the arguments; on 4.x look for "requesting more data than fits" and the TLS buffer sizes.'],
  },
  {
    value: -136,
    name: 'PSA_ERROR_INVALID_HANDLE',
    meaning: 'The key identifier or handle does not refer to a key.',
    causes: ['The key was destroyed or never created; wrong key id.', 'Persistent key not found after a reflash.'],
    checks: ['Check the key id the firmware uses and that the key exists.'],
  },
  {
    value: -137,
    name: 'PSA_ERROR_BAD_STATE',
    meaning: 'The operation is not valid in the current state.',
    causes: ['psa_crypto_init() not called.', 'Multi-part operation used out of order.'],
    checks: ['Check psa_crypto_init() runs before any crypto use.'],
  },
  {
    value: -138,
    name: 'PSA_ERROR_BUFFER_TOO_SMALL',
    meaning: 'The output buffer is too small.',
    causes: ['Caller buffer too small for the signature, key or certificate.'],
    checks: ['Use the PSA_*_SIZE macros for buffer sizes.'],
  },
  {
    value: -139,
    name: 'PSA_ERROR_ALREADY_EXISTS',
    meaning: 'A key with this identifier already exists.',
    causes: ['Provisioning ran twice with the same persistent key id.'],
    checks: ['Destroy the old key first, or reuse it.'],
  },
  {
    value: -140,
    name: 'PSA_ERROR_DOES_NOT_EXIST',
    meaning: 'There is no key with this identifier.',
    causes: ['The key was never generated or was erased (flash wipe, new firmware slot).'],
    checks: ['Check the key id and whether the key storage survived the update.'],
  },
  {
    value: -141,
    name: 'PSA_ERROR_INSUFFICIENT_MEMORY',
    meaning: 'Not enough memory (RAM) for the operation.',
    causes: ['Key slots or heap exhausted.'],
    checks: ['Raise MBEDTLS_PSA_KEY_SLOT_COUNT / heap size; check for key leaks.'],
  },
  {
    value: -142,
    name: 'PSA_ERROR_INSUFFICIENT_STORAGE',
    meaning: 'Not enough persistent storage for the key.',
    causes: ['ITS / protected storage full.'],
    checks: ['Free old keys or enlarge the storage partition.'],
  },
  {
    value: -143,
    name: 'PSA_ERROR_INSUFFICIENT_DATA',
    meaning: 'Not enough data for the operation (key derivation capacity).',
    causes: ['Derivation asked for more output than its capacity.'],
    checks: ['Check the key derivation capacity.'],
  },
  {
    value: -144,
    name: 'PSA_ERROR_SERVICE_FAILURE',
    meaning: 'A secure service failed.',
    causes: ['TF-M partition fault.'],
    checks: ['Check the secure-side log.'],
  },
  {
    value: -145,
    name: 'PSA_ERROR_COMMUNICATION_FAILURE',
    meaning: 'Communication with the crypto processor or secure element failed.',
    causes: ['I2C/SPI fault to the secure element.', 'Secure element not powered or wrong address.'],
    checks: ['Check the secure element wiring, power and bus address.'],
  },
  {
    value: -146,
    name: 'PSA_ERROR_STORAGE_FAILURE',
    meaning: 'The key storage failed (read or write).',
    causes: ['Flash wear or corruption.'],
    checks: ['Check the storage partition and its health.'],
  },
  {
    value: -147,
    name: 'PSA_ERROR_HARDWARE_FAILURE',
    meaning: 'A hardware failure was detected.',
    causes: ['Crypto accelerator or secure element fault.'],
    checks: ['Retry; if persistent, check the hardware.'],
  },
  {
    value: -148,
    name: 'PSA_ERROR_INSUFFICIENT_ENTROPY',
    meaning: 'Not enough entropy for random generation.',
    causes: ['Entropy source missing or failing.'],
    checks: ['Check the entropy driver is enabled.'],
  },
  {
    value: -149,
    name: 'PSA_ERROR_INVALID_SIGNATURE',
    meaning: 'A signature or MAC did not verify.',
    causes: ['Certificate and key do not match.', 'Data changed after signing.'],
    checks: ['Run the KeyWire health check to compare the certificate and the board key.'],
  },
  {
    value: -150,
    name: 'PSA_ERROR_INVALID_PADDING',
    meaning: 'Decrypted data has invalid padding.',
    causes: ['Wrong key or corrupted ciphertext.'],
    checks: ['Check the key matches the data.'],
  },
  {
    value: -151,
    name: 'PSA_ERROR_CORRUPTION_DETECTED',
    meaning: 'Internal corruption detected (a bug, memory corruption or fault injection).',
    causes: ['Stack overflow or memory corruption in the firmware.'],
    checks: ['Check stack sizes of the TLS and crypto threads.'],
  },
  {
    value: -152,
    name: 'PSA_ERROR_DATA_CORRUPT',
    meaning: 'Stored data is corrupted.',
    causes: ['Key storage damaged.'],
    checks: ['Recreate the key; check the storage.'],
  },
  {
    value: -153,
    name: 'PSA_ERROR_DATA_INVALID',
    meaning: 'Stored data is not valid for this implementation.',
    causes: ['Key storage from another firmware version.'],
    checks: ['Recreate the key.'],
  },
  {
    value: -248,
    name: 'PSA_OPERATION_INCOMPLETE',
    meaning: 'An interruptible operation is not finished yet; call again.',
    causes: ['Normal for restartable ECC operations.'],
    checks: ['Only a problem if the caller does not retry.'],
  },
];
