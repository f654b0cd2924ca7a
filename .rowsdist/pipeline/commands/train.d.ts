import type { CommandModule } from 'yargs';
import type { ModelFamily } from '../train/family.js';
/** Every trainable model family; a family contributes its names, flags and trainer. */
export declare const MODEL_FAMILIES: ModelFamily[];
export declare const trainCommand: CommandModule;
