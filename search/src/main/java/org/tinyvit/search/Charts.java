package org.tinyvit.search;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.tinyvit.TinyVitException;
import org.tinyvit.io.AtomicFiles;

/** The plots the tools write as PNGs (scatter plots, curves): drawn headless, written atomically. */
public final class Charts {
    private Charts() {}

    /** An empty scatter plot with its titles and marker size. */
    public static XYChart scatter(String title, String xAxis, String yAxis, int width, int height, int markerSize) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(markerSize);
        chart.getStyler().setXAxisDecimalPattern("0.###");
        chart.getStyler().setYAxisDecimalPattern("0.###");
        return chart;
    }

    /** An empty plot of lines through markers (curves over time), with its titles. */
    public static XYChart lines(String title, String xAxis, String yAxis, int width, int height) {
        XYChart chart = scatter(title, xAxis, yAxis, width, height, 7);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return chart;
    }

    /** Writes {@code charts} to {@code file} as one PNG, side by side in one row; a failure names the file. */
    public static void writePng(Path file, XYChart... charts) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(List.of(charts), 1, charts.length, bytes, BitmapEncoder.BitmapFormat.PNG);
            byte[] png = bytes.toByteArray();
            AtomicFiles.write(file, out -> out.write(png));
        } catch (IOException | RuntimeException | Error e) {
            throw new TinyVitException(file + ": cannot draw the plot (" + e + ")", e);
        }
    }
}
