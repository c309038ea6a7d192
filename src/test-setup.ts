// Test setup for both vitest projects. @peculiar/x509 (tsyringe) needs the Reflect metadata polyfill first.
import 'reflect-metadata';
