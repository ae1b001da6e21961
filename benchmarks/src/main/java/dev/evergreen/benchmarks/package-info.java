/**
 * JMH benchmarks of Evergreen's hit paths beside what a user would pick instead, measured in the
 * same run so results read as ratios. {@code benchmarks/run-benchmarks.sh} runs the suite and
 * writes {@code benchmarks/results/RESULTS.md}.
 */
@NullMarked
package dev.evergreen.benchmarks;

import org.jspecify.annotations.NullMarked;
