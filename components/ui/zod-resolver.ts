import './zod-config';
import { zodResolver } from '@hookform/resolvers/zod';

/* The forms' resolver; zod is configured for the browser first (./zod-config.ts). */
export { zodResolver };
