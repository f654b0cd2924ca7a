/**
 * The only script of the report page (plain ES5-level JavaScript, inlined): draws the embedding map
 * on a canvas from the JSON in #map-data, shows a tooltip for the point under the pointer, lets the
 * legend toggle groups, and finally sets `data-plot-drawn` on <body> to the number of points drawn
 * (what the headless-browser test reads).
 */
export declare const PALETTE: string[];
export declare const OTHER_COLOR = "#bab0ac";
export declare const SCATTER_SCRIPT: string;
