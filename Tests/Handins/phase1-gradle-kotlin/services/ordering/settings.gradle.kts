rootProject.name = "ordering"
