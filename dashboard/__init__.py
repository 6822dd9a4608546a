"""The leaders' view (DESIGN.md's top app): the dashboard (驾驶舱), assessment (考核) and
bulletins (通报) with published results (成果晾晒)."""
