"""The 15-minute service circle's engine (15分钟近邻服务圈): what lies within a walk of a
household or a point, and a community's coverage.

- `kinds`: the registry of kinds of things near you. Each app registers its own from its
  `AppConfig.ready` (`kinds.register(Kind(...))`): areas its service points by kind, party the
  members' service posts, activities the venues, points the charity stores, volunteering the
  service menus. A source answers the places in an area's subtree as `Place`s (a name, the
  kind, a position and a link), nothing personal.
- `walk`: the walking network built from the stored roads (networkx), a snap of any point to
  its nearest road segment, and one multi-source Dijkstra per kind.
- `circle`: the answers the pages and the API give (`near`, `coverage`), with the method
  used: along the roads, or the straight line times a detour factor where no road is stored.
"""
