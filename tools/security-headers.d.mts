// Types for security-headers.mjs.
export declare const LAB_CA_ORIGINS: readonly string[];
export declare const TRUSTED_TYPES_POLICIES: readonly string[];
export declare function parseCaOrigins(text: string | undefined): { origins: string[]; errors: string[] };
export declare function contentSecurityPolicy(o?: { caOrigins?: readonly string[]; meta?: boolean }): string;
export declare function securityHeaders(o?: { caOrigins?: readonly string[] }): Record<string, string>;
export declare function headersFile(o?: { caOrigins?: readonly string[] }): string;
