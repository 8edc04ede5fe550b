int tillstream_placeholder_pos_load();
