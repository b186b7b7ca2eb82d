package org.groupalliance.security;

import java.util.List;
import java.util.Optional;

import org.groupalliance.base.ConcurrentEditException;
import org.groupalliance.base.NotFoundException;
import org.groupalliance.base.SiteId;
import org.groupalliance.base.Validator;
import org.groupalliance.security.internal.SiteRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sites (clinics, research sites): managed by admins, listed for anyone who sets up groups. */
@Service
public class SiteService {

    private final SiteRepository sites;
    private final AuditLog audit;

    SiteService(SiteRepository sites, AuditLog audit) {
        this.sites = sites;
        this.audit = audit;
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<Site> findAll() {
        return sites.findAll();
    }

    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public Optional<Site> findById(SiteId id) {
        return sites.findById(id);
    }

    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public Site create(String name) {
        String n = validName(name, Optional.empty());
        SiteId id = sites.insert(n);
        Site site = sites.findById(id).orElseThrow();
        audit.record(AuditAction.CREATE, "Site", id, null, "Created site " + n, null, site);
        return site;
    }

    @PreAuthorize("hasRole('" + Roles.ADMIN + "')")
    @Transactional
    public Site rename(SiteId id, int version, String name) {
        Site before = sites.findById(id).orElseThrow(() -> new NotFoundException("Site"));
        String n = validName(name, Optional.of(id));
        if (!sites.rename(id, version, n)) {
            throw new ConcurrentEditException("Site " + before.name());
        }
        Site after = sites.findById(id).orElseThrow();
        audit.record(AuditAction.UPDATE, "Site", id, null, "Renamed site", before, after);
        return after;
    }

    private String validName(String name, Optional<SiteId> except) {
        String n = name == null ? "" : name.trim();
        Validator v = new Validator().check(!n.isEmpty() && n.length() <= 120, "name", "Site name is required (at most 120 characters)");
        if (!v.hasError("name")) {
            v.check(!sites.nameExists(n, except), "name", "A site named '" + n + "' already exists");
        }
        v.throwIfInvalid();
        return n;
    }
}
