package org.groupalliance.base.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.slider.DecimalSlider;
import com.vaadin.flow.component.textfield.NumberField;

/**
 * A visual-analogue response: a slider for the hand and a number field for the keyboard, kept in
 * step. The number field holds the value (empty = not answered; a slider cannot show "no answer",
 * so the field is the source of truth and the slider only follows it or sets it).
 */
public class VisualAnalogueField extends Composite<Div> {

    private final NumberField number;
    private final DecimalSlider slider;

    public VisualAnalogueField(NumberField number, double min, double max, double step) {
        this.number = number;
        this.slider = new DecimalSlider(min, max);
        slider.setStep(step);
        slider.setWidthFull();
        slider.addClassName("vas-slider");
        number.setMin(min);
        number.setMax(max);
        number.setStep(step);
        slider.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                number.setValue(e.getValue());
            }
        });
        number.addValueChangeListener(e -> {
            Double v = e.getValue();
            if (v != null && v >= min && v <= max) {
                slider.setValue(v);
            }
        });
        if (number.getValue() != null && number.getValue() >= min && number.getValue() <= max) {
            slider.setValue(number.getValue());
        }
        Div content = getContent();
        content.addClassName("vas-field");
        content.add(slider, number);
    }

    public NumberField number() {
        return number;
    }

    public DecimalSlider slider() {
        return slider;
    }

    public void setEnabled(boolean enabled) {
        number.setEnabled(enabled);
        slider.setEnabled(enabled);
    }

    public void setSliderAriaLabel(String label) {
        slider.setAriaLabel(label + ", slider");
    }
}
