package org.groupalliance.insight;

/**
 * One row of a chart's table view: a series' summary at one session ({@code n = 0}: no data, mean
 * and SD NaN).
 */
public record SessionPoint(String series, int session, String phase, int n, double mean, double sd, double min, double max) {
}
