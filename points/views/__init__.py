"""Pages of the points app: resident pages in `resident`, staff pages in `staff`."""
