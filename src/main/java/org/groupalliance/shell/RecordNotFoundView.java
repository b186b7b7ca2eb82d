package org.groupalliance.shell;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;
import org.groupalliance.base.NotFoundException;

/**
 * The one error view for the services' {@link NotFoundException}: a view that loads a group or
 * session from its address simply lets the exception pass, and the user sees the same page as for
 * an unknown address ({@link NotFoundView}), so it reveals neither whether a record exists nor why.
 */
@ParentLayout(MainLayout.class)
@AnonymousAllowed
public class RecordNotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    public RecordNotFoundView() {
        addClassName("view");
        setId("not-found");
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        NotFoundView.show(this);
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
