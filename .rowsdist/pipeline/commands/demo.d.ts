import type { CommandModule } from 'yargs';
interface DemoArgs {
    dir?: string;
    users: number;
    items: number;
    seed: number;
    quiet: boolean;
}
export declare const demoCommand: CommandModule<object, DemoArgs>;
export {};
