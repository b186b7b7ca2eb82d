package org.groupalliance.base.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.NumberField;
import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.ValidationException;

/**
 * A sheet of one questionnaire: a row per rated target, a number field per item, in reading order
 * so that Tab walks through a row and on to the next. Saves the rows that changed at once; rule
 * violations are shown on the exact field, and nothing of the sheet is stored. Shared by the
 * features that enter forms (session ratings, outcomes); it knows only the items, never the
 * instrument library or the ratings, so it lives in {@code base.ui}.
 *
 * @param <T> what a row's target is (a member, or a rating target): typed, so a saver needs no cast
 */
public class RatingSheet<T> extends Composite<VerticalLayout> {

    /** One item column: its number, label, range and whether it is a visual-analogue line (0.1 steps). */
    public record Item(int number, String label, double min, double max, boolean analogue) {
    }

    /**
     * What the sheet shows: the questionnaire's code (for element ids), its items and the word for its
     * score ("total" for a summed, "mean" for a mean-scored instrument).
     */
    public record Spec(String code, List<Item> items, String scoreWord) {
        public Spec {
            items = List.copyOf(items);
        }
    }

    /**
     * One row: who is rated (or rates), whether they are expected (and why not, in {@code note}), the
     * items that do not apply to this row (numbers; shown as "n/a", never entered) and the stored form if any.
     */
    public record Row<T>(String label, T target, boolean expected, String note, java.util.Set<Integer> notApplicable, Stored stored) {
        public Row {
            notApplicable = notApplicable == null ? java.util.Set.of() : java.util.Set.copyOf(notApplicable);
        }

        public Row(String label, T target, boolean expected, String note, Stored stored) {
            this(label, target, expected, note, java.util.Set.of(), stored);
        }
    }

    /** A stored form as the sheet shows it: its responses (NaN = missing or not applicable), score and version for optimistic locking. */
    public record Stored(List<Double> responses, double score, int version) {
        public Stored {
            responses = List.copyOf(responses);
        }
    }

    /** Saves the sheet: each changed expected row with its responses (NaN = empty) and stored version. */
    public interface Saver<T> {
        void save(List<Row<T>> rows, List<double[]> responses);
    }

    private final Spec definition;
    private final List<Row<T>> rows;
    private final String heading;
    final Map<String, NumberField> fields = new LinkedHashMap<>();
    final Div error = new Div();
    final Button save = new Button("Save");
    final Span status = new Span();
    /** "Unsaved changes" or "Saved": whether what is on screen is what is stored. */
    final Span state = new Span();

    /**
     * @param heading what the sheet is, shown above it
     * @param idKey   distinguishes this sheet's element ids from other sheets of the same instrument
     */
    public RatingSheet(Spec definition, String heading, String idKey, List<Row<T>> rows, Saver<T> saver) {
        this.definition = definition;
        this.rows = rows;
        this.heading = heading;
        VerticalLayout layout = getContent();
        layout.setPadding(false);
        layout.add(new H3(heading));
        error.addClassName("form-error");
        error.setVisible(false);
        boolean analogue = definition.items().stream().anyMatch(Item::analogue);
        Div grid = new Div();
        grid.addClassName("rating-sheet");
        grid.getStyle().set("grid-template-columns", "minmax(6em, 9em) repeat(" + definition.items().size() + ", " + (analogue ? "9em" : "4.5em") + ") minmax(5.5em, 1fr)");
        grid.add(cell("", "head"));
        for (Item item : definition.items()) {
            // the item number opens "paste a column": values copied from a spreadsheet, one per row
            Button head = new Button(Integer.toString(item.number()), e -> openPaste(item));
            head.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            head.getElement().setAttribute("title", item.label() + " (click to paste a column)");
            head.setId("paste-" + definition.code() + "-" + idKey + "-" + item.number());
            grid.add(head);
        }
        grid.add(cell("Score", "head"));
        int entered = 0;
        List<String> missing = new ArrayList<>();
        for (Row<T> row : rows) {
            grid.add(cell(row.label(), "label"));
            for (Item item : definition.items()) {
                NumberField f = new NumberField();
                f.setMin(item.min());
                f.setMax(item.max());
                f.setStep(item.analogue() ? 0.1 : 1);
                f.setAriaLabel(row.label() + ", item " + item.number() + ": " + item.label() + " (" + Numbers.score(item.min()) + " to " + Numbers.score(item.max()) + ")");
                f.setId("r-" + definition.code() + "-" + idKey + "-" + row.label() + "-" + item.number());
                boolean applies = !row.notApplicable().contains(item.number());
                f.setEnabled(row.expected() && applies);
                f.setWidthFull();
                if (!applies) {
                    f.setPlaceholder("n/a");
                    f.getElement().setAttribute("title", "Does not apply to " + row.label());
                } else if (row.stored() != null) {
                    double v = row.stored().responses().get(item.number() - 1);
                    f.setValue(Double.isNaN(v) ? null : v);
                }
                fields.put(row.label() + ".item" + item.number(), f);
                f.addValueChangeListener(e -> showState());
                if (item.analogue() && applies) {
                    VisualAnalogueField vas = new VisualAnalogueField(f, item.min(), item.max(), 0.1);
                    vas.setSliderAriaLabel(f.getAriaLabel().orElse(""));
                    // keyboard entry: Tab goes from number field to number field; the slider is for the mouse or finger
                    // (the slider renders its range input into light DOM with tabindex 0 and sets it again only when
                    // enabled/disabled changes, so taking it out once after it rendered holds)
                    vas.slider().getElement().executeJs("""
                            const s = this; let tries = 0;
                            const out = () => {
                              const inputs = s.querySelectorAll('input[type=range]');
                              if (inputs.length) { inputs.forEach(i => i.tabIndex = -1); } else if (tries++ < 100) { requestAnimationFrame(out); }
                            };
                            out();""");
                    vas.setEnabled(row.expected());
                    grid.add(vas);
                } else {
                    grid.add(f);
                }
            }
            String score = !row.expected() ? row.note() : row.stored() == null ? "missing" : definition.scoreWord() + " " + Numbers.score(row.stored().score());
            grid.add(cell(score, row.stored() == null ? "missing" : "done"));
            if (row.expected()) {
                if (row.stored() == null) {
                    missing.add(row.label());
                } else {
                    entered++;
                }
            }
        }
        long expected = rows.stream().filter(Row::expected).count();
        status.setText(entered + " of " + expected + " entered" + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing)));
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("save-" + definition.code() + "-" + idKey);
        save.addClickListener(e -> {
            clearErrors();
            Pending<T> pending = pending();
            if (pending.isEmpty()) {
                showError(rows.stream().anyMatch(r -> r.stored() != null) ? "Nothing changed: there is nothing to save."
                        : "Nothing to save: enter at least one form.");
                return;
            }
            try {
                saver.save(pending.rows(), pending.responses());
            } catch (ValidationException | ConcurrentEditException ex) {
                showRejected(ex);
            }
        });
        state.setId("state-" + definition.code() + "-" + idKey);
        state.addClassName("sheet-state");
        HorizontalLayout actions = new HorizontalLayout(save, state);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        Div legend = legend(definition);
        Div body = new Div(grid, legend);
        body.addClassName("rating-sheet-body");
        layout.add(status, error, body, actions);
        showState();
    }

    /** The item labels beside the sheet, readable without hovering: "1 · label". */
    private static Div legend(Spec definition) {
        Div legend = new Div();
        legend.addClassName("item-legend");
        legend.setId("legend-" + definition.code());
        for (Item item : definition.items()) {
            Div line = new Div(new Span(Integer.toString(item.number())), new Span(item.label()));
            line.addClassName("item-legend-line");
            legend.add(line);
        }
        return legend;
    }

    /** The expected rows whose entries differ from what is stored, each with its responses (NaN = empty). */
    public record Pending<T>(List<Row<T>> rows, List<double[]> responses) {
        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    /** What saving now would write: only rows that changed, so an untouched row keeps its provenance and writes no audit entry. */
    public Pending<T> pending() {
        List<Row<T>> toSave = new ArrayList<>();
        List<double[]> responses = new ArrayList<>();
        for (Row<T> row : rows) {
            if (!row.expected()) {
                continue;
            }
            double[] r = definition.items().stream()
                    .mapToDouble(i -> row.notApplicable().contains(i.number()) ? Double.NaN : valueOf(fields.get(row.label() + ".item" + i.number())))
                    .toArray();
            boolean blank = java.util.Arrays.stream(r).allMatch(Double::isNaN);
            boolean changed = row.stored() == null ? !blank : !sameResponses(row.stored().responses(), r);
            if (changed) {
                toSave.add(row);
                responses.add(r);
            }
        }
        return new Pending<>(List.copyOf(toSave), List.copyOf(responses));
    }

    /** Whether anything on screen differs from what is stored. */
    public boolean hasChanges() {
        return !pending().isEmpty();
    }

    public void clearErrors() {
        error.setVisible(false);
        fields.values().forEach(f -> f.setInvalid(false));
    }

    /** Shows why a save was refused: rule violations on their fields, anything else above the sheet. Nothing of the sheet was stored. */
    public void showRejected(RuntimeException ex) {
        if (ex instanceof ValidationException v) {
            List<String> other = new ArrayList<>();
            v.fieldErrors().forEach((key, message) -> {
                NumberField f = fields.get(key);
                if (f != null) {
                    f.setErrorMessage(message);
                    f.setInvalid(true);
                } else {
                    other.add(message);
                }
            });
            showError("Nothing was saved. " + (other.isEmpty() ? "Correct the marked fields." : String.join(" ", other)));
        } else {
            showError(ex.getMessage());
        }
        showState();
    }

    /** Shows whether the sheet on screen is what is stored. */
    void showState() {
        boolean unsaved = hasChanges();
        boolean anyStored = rows.stream().anyMatch(r -> r.stored() != null);
        state.setText(unsaved ? "Unsaved changes" : anyStored ? "Saved" : "");
        state.getElement().getClassList().set("sheet-unsaved", unsaved);
        state.getElement().getClassList().set("sheet-saved", !unsaved && anyStored);
    }

    /** What the sheet is, as shown above it. */
    public String heading() {
        return heading;
    }

    /** "Unsaved changes", "Saved" or empty. */
    public Span state() {
        return state;
    }

    /** Opens a dialog to paste one item's values for the expected rows, top to bottom. */
    void openPaste(Item item) {
        com.vaadin.flow.component.dialog.Dialog dialog = new com.vaadin.flow.component.dialog.Dialog();
        dialog.setHeaderTitle(item.label().startsWith("Item " + item.number()) ? "Paste a column: " + item.label()
                : "Paste a column: item " + item.number() + ", " + item.label());
        List<Row<T>> expected = rows.stream().filter(Row::expected).toList();
        com.vaadin.flow.component.textfield.TextArea area = new com.vaadin.flow.component.textfield.TextArea(
                "One value per line for " + expected.stream().map(Row::label).collect(java.util.stream.Collectors.joining(", ")));
        area.setWidthFull();
        area.setId("paste-values");
        Button apply = new Button("Fill the column", e -> {
            try {
                fillColumn(item.number(), area.getValue());
                dialog.close();
            } catch (IllegalArgumentException ex) {
                area.setErrorMessage(ex.getMessage());
                area.setInvalid(true);
            }
        });
        apply.setId("paste-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(area);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), apply);
        dialog.setWidth("min(480px, 100vw)");
        dialog.open();
    }

    /**
     * Fills one item's fields for the expected rows in order from pasted text: one value per line
     * (tabs or semicolons also separate; an empty line leaves a field empty, also at the end; one
     * final line break, as spreadsheets add, is ignored; a decimal comma is read as a point). Nothing is filled unless every value is a number and the counts match.
     */
    public void fillColumn(int itemNumber, String text) {
        List<Row<T>> expected = rows.stream().filter(Row::expected).toList();
        // a spreadsheet ends a copied column with one line break; empty cells before it are kept as empty lines
        String body = text == null ? "" : text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        String[] parts = body.isBlank() ? new String[0] : body.split("\\r?\\n|\\t|;", -1);
        if (parts.length != expected.size()) {
            throw new IllegalArgumentException("Pasted " + parts.length + " value(s) for " + expected.size() + " expected row(s): one per line, in the order shown");
        }
        Double[] values = new Double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String v = parts[i].strip().replace(',', '.');
            if (v.isEmpty()) {
                continue;
            }
            try {
                values[i] = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Line " + (i + 1) + " ('" + parts[i].strip() + "', " + expected.get(i).label() + ") is not a number");
            }
        }
        for (int i = 0; i < values.length; i++) {
            fields.get(expected.get(i).label() + ".item" + itemNumber).setValue(values[i]);
        }
    }

    private void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }

    /** The number fields by "row label.itemN" (for tests of views that use the sheet). */
    public Map<String, NumberField> fields() {
        return java.util.Collections.unmodifiableMap(fields);
    }

    public Button saveButton() {
        return save;
    }

    /** "n of m entered; missing: ..." above the sheet. */
    public Span status() {
        return status;
    }

    /** The sheet-level error ("Nothing was saved. ..."); hidden when there is none. */
    public Div error() {
        return error;
    }

    public NumberField field(String rowLabel, int item) {
        return fields.get(rowLabel + ".item" + item);
    }

    /** Whether the responses on screen equal the stored ones (NaN equal to NaN). */
    static boolean sameResponses(List<Double> stored, double[] now) {
        if (stored.size() != now.length) {
            return false;
        }
        for (int i = 0; i < now.length; i++) {
            if (Double.compare(stored.get(i), now[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static double valueOf(NumberField f) {
        return f.getValue() == null ? Double.NaN : f.getValue();
    }

    private static Span cell(String text, String kind) {
        Span s = new Span(text);
        s.addClassName("rating-" + kind);
        return s;
    }

}
