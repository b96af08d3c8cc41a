// The module worker: one CrafterWorkerApi exposed to the page with comlink.
import { expose } from 'comlink';
import { CrafterWorkerApi } from './api.ts';
import { keepErrorDetails } from './error-transfer.ts';

keepErrorDetails();
expose(new CrafterWorkerApi());
