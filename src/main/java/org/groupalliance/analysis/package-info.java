/**
 * The statistics engine of GroupAlliance: scale scoring, reliability, agreement and aggregation,
 * association, change indices and per-member trajectories. Pure Java (JDK and Apache Commons
 * Math only: no Spring, no database, no Vaadin), usable as a library and from the command line
 * through {@link org.groupalliance.analysis.cli.Analyze}. Every public method states its formula
 * and the R function whose results it reproduces; the tests compare against committed R output.
 */
package org.groupalliance.analysis;
