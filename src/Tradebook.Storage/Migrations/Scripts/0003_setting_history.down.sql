DROP TABLE import_replaced_settings;
