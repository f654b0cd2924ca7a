/**
 * Small static SVG line charts (training loss, validation metrics per epoch), rendered in Node so
 * the page needs no script to show them. Axes get "nice" ticks; a dashed line marks an epoch.
 */
export interface Series {
    name: string;
    points: {
        x: number;
        y: number;
    }[];
    color: string;
}
export interface LineChartOptions {
    title: string;
    width?: number;
    height?: number;
    xLabel?: string;
    /** Only whole-number ticks on x (epochs). */
    integerX?: boolean;
    /** x of a vertical marker (e.g. the selected epoch). */
    marker?: number;
}
export declare function escapeHtml(s: string): string;
export declare function lineChartSvg(series: Series[], o: LineChartOptions): string;
/** Round tick values (1, 2, 5 x 10^k steps) inside [lo, hi]. */
export declare function niceTicks(lo: number, hi: number, count: number): number[];
export declare function fmtValue(v: number): string;
