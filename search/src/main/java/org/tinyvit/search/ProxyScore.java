package org.tinyvit.search;

/**
 * What one short run measured: the validation accuracy that is the search's fitness, and the
 * mean training loss over the run's steps (the "sum of training losses" proxy of Ru et al.,
 * divided by the steps; lower is better), NaN when the trainer does not report it.
 */
public record ProxyScore(double accuracy, double trainLoss) {}
