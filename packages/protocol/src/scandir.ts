/**
 * The service s6-svscan treats apart: its stderr may be the console holder
 * (-X), it never gets a log/ of its own, and it is the last one told to stop.
 */
export const SPECIAL_LOGGER = "s6-svscan-log";
