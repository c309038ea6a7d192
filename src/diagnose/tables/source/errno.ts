// Layer: diagnostics, curated source data (generator input only). errno values differ by C library: newlib (ESP-IDF,
// older nRF Connect SDK) and picolibc (Zephyr's default today) share one numbering; Zephyr's old minimal libc used
// BSD-style numbers (lib/libc/minimal/include/errno.h before it was aligned). Zephyr and NCS APIs return -errno.

export interface ErrnoSource {
  readonly name: string;
  /** newlib and picolibc value */
  readonly newlib: number;
  /** old Zephyr minimal libc value; null when it did not define the name */
  readonly zephyrMinimalOld: number | null;
  readonly meaning: string;
  readonly causes?: readonly string[];
  readonly checks?: readonly string[];
}

const NET = 'Check network registration (+CEREG), DNS and that the server port is reachable.';

export const ERRNO_SOURCE: readonly ErrnoSource[] = [
  { name: 'EPERM', newlib: 1, zephyrMinimalOld: 1, meaning: 'Operation not permitted.' },
  {
    name: 'ENOENT',
    newlib: 2,
    zephyrMinimalOld: 2,
    meaning: 'No such entry. From the Zephyr TLS stack: the sec_tag or credential does not exist.',
    causes: ['The socket references a sec_tag with no credentials.'],
    checks: ['List the credentials and check the sec_tag list given to the socket.'],
  },
  { name: 'EINTR', newlib: 4, zephyrMinimalOld: 4, meaning: 'Interrupted call.' },
  { name: 'EIO', newlib: 5, zephyrMinimalOld: 5, meaning: 'I/O error.' },
  { name: 'EBADF', newlib: 9, zephyrMinimalOld: 9, meaning: 'Bad file descriptor (socket already closed).' },
  {
    name: 'EAGAIN',
    newlib: 11,
    zephyrMinimalOld: 11,
    meaning: 'Try again (non-blocking operation would block, or a timeout on a socket).',
  },
  {
    name: 'ENOMEM',
    newlib: 12,
    zephyrMinimalOld: 12,
    meaning: 'Out of memory.',
    causes: ['Heap or net buffers exhausted.'],
    checks: ['Raise heap / net buffer counts; check for leaks across reconnects.'],
  },
  { name: 'EACCES', newlib: 13, zephyrMinimalOld: 13, meaning: 'Permission denied.' },
  { name: 'EFAULT', newlib: 14, zephyrMinimalOld: 14, meaning: 'Bad address.' },
  { name: 'EBUSY', newlib: 16, zephyrMinimalOld: 16, meaning: 'Device or resource busy.' },
  {
    name: 'EEXIST',
    newlib: 17,
    zephyrMinimalOld: 17,
    meaning: 'Already exists. From the Zephyr credential store: a credential of that type is already at that sec_tag.',
    causes: ['tls_credential_add on an existing tag and type.'],
    checks: ['Delete the credential first.'],
  },
  { name: 'ENODEV', newlib: 19, zephyrMinimalOld: 19, meaning: 'No such device.' },
  {
    name: 'EINVAL',
    newlib: 22,
    zephyrMinimalOld: 22,
    meaning:
      'Invalid argument. From the Zephyr TLS stack: a credential failed to load (bad PEM/DER, or PEM length without the terminating NUL).',
    causes: ['Malformed credential at the sec_tag.', 'PEM stored without its NUL terminator.'],
    checks: ['Read back the credential and compare its SHA-256; store PEM with the NUL included in the length.'],
  },
  { name: 'ENFILE', newlib: 23, zephyrMinimalOld: 23, meaning: 'Too many open files in system.' },
  { name: 'EMFILE', newlib: 24, zephyrMinimalOld: 24, meaning: 'Too many open files (sockets).' },
  { name: 'ENOSPC', newlib: 28, zephyrMinimalOld: 28, meaning: 'No space left (credential storage full).' },
  { name: 'EPIPE', newlib: 32, zephyrMinimalOld: 32, meaning: 'Broken pipe: writing to a closed connection.' },
  { name: 'ENOMSG', newlib: 35, zephyrMinimalOld: 80, meaning: 'No message of the desired type.' },
  { name: 'EDEADLK', newlib: 45, zephyrMinimalOld: 33, meaning: 'Resource deadlock avoided.' },
  { name: 'ENOLCK', newlib: 46, zephyrMinimalOld: 34, meaning: 'No locks available.' },
  { name: 'ENODATA', newlib: 61, zephyrMinimalOld: 78, meaning: 'No data available.' },
  { name: 'ETIME', newlib: 62, zephyrMinimalOld: 79, meaning: 'Timer expired.' },
  { name: 'EPROTO', newlib: 71, zephyrMinimalOld: 76, meaning: 'Protocol error.' },
  { name: 'EBADMSG', newlib: 77, zephyrMinimalOld: 77, meaning: 'Bad message.' },
  { name: 'ENOSYS', newlib: 88, zephyrMinimalOld: 71, meaning: 'Function not implemented.' },
  { name: 'ENOTEMPTY', newlib: 90, zephyrMinimalOld: 15, meaning: 'Directory not empty.' },
  {
    name: 'ENAMETOOLONG',
    newlib: 91,
    zephyrMinimalOld: 26,
    meaning: 'Name too long (e.g. a host name longer than the buffer).',
  },
  {
    name: 'EOPNOTSUPP',
    newlib: 95,
    zephyrMinimalOld: 45,
    meaning: 'Operation not supported on socket (e.g. a TLS option the stack lacks).',
  },
  {
    name: 'ECONNRESET',
    newlib: 104,
    zephyrMinimalOld: 54,
    meaning: 'Connection reset by the peer.',
    causes: ['The server reset the connection (often a rejected client certificate).'],
    checks: ['Check the broker side for the client certificate status.'],
  },
  {
    name: 'ENOBUFS',
    newlib: 105,
    zephyrMinimalOld: 55,
    meaning: 'No buffer space available.',
    causes: ['Net buffers exhausted.'],
    checks: ['Raise CONFIG_NET_BUF_* counts.'],
  },
  {
    name: 'EAFNOSUPPORT',
    newlib: 106,
    zephyrMinimalOld: 47,
    meaning: 'Address family not supported (e.g. IPv6 without support).',
  },
  { name: 'EPROTOTYPE', newlib: 107, zephyrMinimalOld: 41, meaning: 'Protocol wrong type for socket.' },
  { name: 'ENOTSOCK', newlib: 108, zephyrMinimalOld: 50, meaning: 'Not a socket.' },
  {
    name: 'ENOPROTOOPT',
    newlib: 109,
    zephyrMinimalOld: 42,
    meaning: 'Protocol option not available (e.g. a TLS socket option not compiled in).',
  },
  { name: 'ESHUTDOWN', newlib: 110, zephyrMinimalOld: 58, meaning: 'Cannot send after socket shutdown.' },
  {
    name: 'ECONNREFUSED',
    newlib: 111,
    zephyrMinimalOld: 61,
    meaning: 'Connection refused: nothing listens on that port.',
    causes: ['Wrong port or the server is down.'],
    checks: [NET],
  },
  { name: 'EADDRINUSE', newlib: 112, zephyrMinimalOld: 48, meaning: 'Address already in use.' },
  {
    name: 'ECONNABORTED',
    newlib: 113,
    zephyrMinimalOld: 53,
    meaning: 'Connection aborted. Zephyr returns it from connect() when the TLS handshake failed.',
    causes: ['TLS handshake failure (look for "TLS handshake error" just before).'],
    checks: ['Decode the TLS handshake error code logged before it.'],
  },
  {
    name: 'ENETUNREACH',
    newlib: 114,
    zephyrMinimalOld: 51,
    meaning: 'Network unreachable.',
    causes: ['No PDN / no route.'],
    checks: [NET],
  },
  {
    name: 'ENETDOWN',
    newlib: 115,
    zephyrMinimalOld: 62,
    meaning: 'Network is down.',
    causes: ['LTE link down, interface not up.'],
    checks: [NET],
  },
  {
    name: 'ETIMEDOUT',
    newlib: 116,
    zephyrMinimalOld: 60,
    meaning: 'Connection timed out. Zephyr returns it when the TLS handshake timed out.',
    causes: ['Server unreachable or very slow link.'],
    checks: [NET],
  },
  { name: 'EHOSTDOWN', newlib: 117, zephyrMinimalOld: 67, meaning: 'Host is down.' },
  {
    name: 'EHOSTUNREACH',
    newlib: 118,
    zephyrMinimalOld: 65,
    meaning: 'No route to host.',
    causes: ['DNS gave an unreachable address or no route.'],
    checks: [NET],
  },
  { name: 'EINPROGRESS', newlib: 119, zephyrMinimalOld: 68, meaning: 'Operation in progress (non-blocking connect).' },
  { name: 'EALREADY', newlib: 120, zephyrMinimalOld: 69, meaning: 'Operation already in progress.' },
  { name: 'EDESTADDRREQ', newlib: 121, zephyrMinimalOld: 40, meaning: 'Destination address required.' },
  { name: 'EMSGSIZE', newlib: 122, zephyrMinimalOld: 36, meaning: 'Message too long.' },
  {
    name: 'EPROTONOSUPPORT',
    newlib: 123,
    zephyrMinimalOld: 43,
    meaning: 'Protocol not supported (e.g. IPPROTO_TLS_1_2 without TLS socket support compiled in).',
    causes: ['CONFIG_NET_SOCKETS_SOCKOPT_TLS not enabled.'],
    checks: ['Enable TLS sockets in the firmware configuration.'],
  },
  { name: 'EADDRNOTAVAIL', newlib: 125, zephyrMinimalOld: 49, meaning: 'Address not available.' },
  { name: 'ENETRESET', newlib: 126, zephyrMinimalOld: 52, meaning: 'Connection aborted by the network.' },
  { name: 'EISCONN', newlib: 127, zephyrMinimalOld: 56, meaning: 'Socket is already connected.' },
  { name: 'ENOTCONN', newlib: 128, zephyrMinimalOld: 57, meaning: 'Socket is not connected.' },
  { name: 'ENOTSUP', newlib: 134, zephyrMinimalOld: 35, meaning: 'Not supported.' },
  { name: 'EILSEQ', newlib: 138, zephyrMinimalOld: 138, meaning: 'Illegal byte sequence.' },
  { name: 'EOVERFLOW', newlib: 139, zephyrMinimalOld: null, meaning: 'Value too large.' },
  { name: 'ECANCELED', newlib: 140, zephyrMinimalOld: 72, meaning: 'Operation canceled.' },
];

export const ERRNO_CAVEAT =
  'errno numbers depend on the C library the firmware was built with: newlib and picolibc share one numbering, the old Zephyr minimal libc used another. Check CONFIG_PICOLIBC / CONFIG_NEWLIB_LIBC / CONFIG_MINIMAL_LIBC in the build.';
